/**
 * Every check the plain manifests pass, as steps over any rendered object list (the kustomize
 * overlays): one list, so an overlay's test cannot forget one.
 * @module
 */
import assert from "node:assert/strict";
import { type Manifest, podSources } from "./k8s.ts";
import { assertSchemas, unknownFieldReport } from "./k8s_api_checks.ts";
import {
  assertJwtSecretFromSecret,
  assertLabels,
  assertRestricted,
  assertServicesTargetNamedPorts,
} from "./k8s_pod_checks.ts";
import { assertPodWiring } from "./k8s_pod_wiring.ts";

/** Runs each check on `manifests` as its own step of `t`. */
export async function stepPlainManifestChecks(t: Deno.TestContext, manifests: Manifest[]): Promise<void> {
  const pods = podSources(manifests);
  await t.step("Kubernetes schema of its kind", () => assertSchemas(manifests));
  await t.step(
    "no field the API does not know",
    async () => assert.equal(await unknownFieldReport(manifests), ""),
  );
  await t.step("Pod Security Standards restricted", () => assertRestricted(pods));
  await t.step("the JWT secret or key from its Secret", () => assertJwtSecretFromSecret(pods));
  await t.step("labels and Deployment selectors", () => assertLabels(manifests));
  await t.step("Services target named ports", () => assertServicesTargetNamedPorts(manifests, pods));
  await t.step("probes, args, grace periods, images", () => assertPodWiring(pods));
}
