import assert from "node:assert/strict";
import { loadManifests, podSources } from "../support/k8s.ts";
import { assertJwtSecretFromSecret, assertRestricted } from "../support/k8s_pod_checks.ts";

// The rules live in tests/support/k8s_pod_checks.ts; the production overlay is held to them too.
const pods = podSources(await loadManifests()).map((pod) => ({ ...pod, file: `k8s/${pod.file}` }));

Deno.test("every pod meets the Pod Security Standards restricted profile", () => {
  assert.ok(pods.length >= 6);
  assertRestricted(pods);
});

// The same rule holds the keys variant (jwt-signing-key for auth): tests/deploy/k8s_keys_variant_test.ts.
Deno.test("token keys come from Secrets, never from literals: the jwt-secret Secret", () => {
  assertJwtSecretFromSecret(pods);
});
