import assert from "node:assert/strict";
import { loadManifests, podSources } from "../support/k8s.ts";
import { assertJwtSecretFromSecret, assertRestricted } from "../support/k8s_pod_checks.ts";

// The rules live in tests/support/k8s_pod_checks.ts; the production overlay is held to them too.
const pods = podSources(await loadManifests()).map((pod) => ({ ...pod, file: `k8s/${pod.file}` }));

Deno.test("every pod meets the Pod Security Standards restricted profile", () => {
  assert.ok(pods.length >= 6);
  assertRestricted(pods);
});

Deno.test("token keys come from Secrets, never from literals: jwt-secret, or jwt-signing-key for auth in the keys variant", () => {
  assertJwtSecretFromSecret(pods);
});
