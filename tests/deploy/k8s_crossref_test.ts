import assert from "node:assert/strict";
import { parseServeConfig } from "../../src/cli/config.ts";
import {
  appContainers,
  containersOf,
  type K8sObject,
  loadManifests,
  podSources,
  selects,
} from "../support/k8s.ts";
import { assertLabels, assertServicesTargetNamedPorts } from "../support/k8s_pod_checks.ts";
import {
  assertAppArgs,
  assertImages,
  assertPreStopFitsGrace,
  assertProbes,
} from "../support/k8s_pod_wiring.ts";

// The shared rules live in tests/support/k8s_pod_checks.ts and k8s_pod_wiring.ts (the production
// overlay is held to them too); what is the plain manifests' own (the course's lessons) is here.
const manifests = (await loadManifests()).map(({ file, object }) => ({ file: `k8s/${file}`, object }));
const pods = podSources(manifests);
const services = manifests.filter(({ object }) => object.kind === "Service");
const FIRST_POD = "k8s/pods/monolith.yaml";

Deno.test("Deployment selectors match their pod templates and keep the course's labels", () => {
  assertLabels(manifests);
  for (const { file, object } of manifests) assert.ok(object.metadata.labels?.app, `${file}: app label`);
});

Deno.test("every Service selects pods whose named container ports match its targetPorts", () => {
  // The course's lesson: nothing matches until `kubectl label pods secure-monolith secure=enabled`.
  const monolith = services.find(({ file }) => file === "k8s/services/monolith.yaml")!.object.spec;
  assert.deepEqual(monolith.selector, { app: "monolith", secure: "enabled" });
  assert.equal(monolith.type, "NodePort");
  assert.equal(monolith.ports[0].nodePort, 31000);
  const selected = (candidates: typeof pods) =>
    candidates.filter((pod) => selects(monolith.selector, pod.labels)).map((pod) => pod.name);
  assert.deepEqual(selected(pods), [], "the monolith Service selects nothing before the lesson's label");
  const labelled = pods.map((pod) =>
    pod.name === "secure-monolith" ? { ...pod, labels: { ...pod.labels, secure: "enabled" } } : pod
  );
  assert.deepEqual(selected(labelled), ["secure-monolith"]);
  assertServicesTargetNamedPorts(manifests, labelled);
  const ports = Object.fromEntries(
    services.map(({ object }) => [object.metadata.name, object.spec.ports[0].port]),
  );
  assert.deepEqual(
    ports,
    { auth: 80, hello: 80, frontend: 443, monolith: 443 },
    "the course's Service ports",
  );
});

Deno.test("probes use named ports of their own container; apps probe /healthz and /readiness", () => {
  assertProbes(pods.filter((pod) => pod.file !== FIRST_POD));
  const unprobed = containersOf(pods).filter(({ container }) =>
    !container.livenessProbe || !container.readinessProbe
  );
  assert.deepEqual(unprobed.map(({ pod }) => pod.file), [FIRST_POD], "only the course's first pod");
});

Deno.test("app containers' args parse with the binary's flag parser and match their ports and grace period", () => {
  assertAppArgs(pods);
  assert.equal(
    pods.flatMap((pod) => appContainers(pod.spec)).length,
    5,
    "auth, hello and the three monolith pods (the keys variant: k8s_keys_variant_test.ts)",
  );
});

Deno.test("nginx containers' preStop sleep fits their grace period", () => assertPreStopFitsGrace(pods));

Deno.test("image names agree: one app image at deno.json's version, one pinned nginx image", () => {
  assertImages(pods);
});

Deno.test("behind an nginx sidecar the app drains one second longer than nginx's preStop sleep", () => {
  let checked = 0;
  for (const pod of pods) {
    const nginx = (pod.spec.containers as K8sObject[]).find((container) => container.name === "nginx");
    for (const container of nginx ? appContainers(pod.spec) : []) {
      const [, ...flags] = container.args as string[];
      const parsed = parseServeConfig(flags, () => undefined, () => "secret from the mounted file");
      if (parsed.help) assert.fail(`${pod.file}: args ask for help`);
      const sleepMs = Number(nginx!.lifecycle.preStop.exec.command[1]) * 1000;
      assert.equal(parsed.config.drainMs, sleepMs + 1000, `${pod.file}: nginx stops accepting first`);
      checked++;
    }
  }
  assert.equal(checked, 1, "secure-monolith");
});
