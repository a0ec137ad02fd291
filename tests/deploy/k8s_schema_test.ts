import assert from "node:assert/strict";
import { API_KINDS, assertSchemas, unknownFieldReport } from "../support/k8s_api_checks.ts";
import { loadManifests, topLevel } from "../support/k8s.ts";

Deno.test("every manifest validates against the Kubernetes schema", async () => {
  const manifests = await loadManifests();
  assert.ok(manifests.length >= 10, `found ${manifests.length} manifests`);
  assertSchemas(manifests.map(({ file, object }) => ({ file: `k8s/${file}`, object })));
});

Deno.test("the schema check itself rejects wrong types", () => {
  assert.throws(() =>
    API_KINDS["apps/v1 Deployment"].validate({
      apiVersion: "apps/v1",
      kind: "Deployment",
      spec: { replicas: "3" },
    })
  );
});

Deno.test("no manifest has a field the Kubernetes API does not know (typed as the API's own types)", async () => {
  // The schema lets unknown fields through; TypeScript's excess-property check on the same API
  // types does not. The report includes a misspelt field that must be reported (proof it can fail).
  const manifests = await loadManifests();
  assert.equal(
    await unknownFieldReport(manifests.map(({ file, object }) => ({ file: `k8s/${file}`, object }))),
    "",
  );
});

Deno.test("kubectl create -f k8s (not recursive) creates exactly the microservices stack", async () => {
  const created = topLevel(await loadManifests()).map(({ object }) =>
    `${object.kind}/${object.metadata.name}`
  );
  assert.deepEqual(created.sort(), [
    "Deployment/auth",
    "Deployment/frontend",
    "Deployment/hello",
    "Service/auth",
    "Service/frontend",
    "Service/hello",
  ]);
});

Deno.test("the course's lesson manifests keep the course's file names", async () => {
  const files = (await loadManifests()).map(({ file, object }) =>
    `${file} ${object.kind}/${object.metadata.name}`
  );
  for (
    const expected of [
      "pods/monolith.yaml Pod/monolith",
      "pods/healthy-monolith.yaml Pod/healthy-monolith",
      "pods/secure-monolith.yaml Pod/secure-monolith",
      "services/monolith.yaml Service/monolith",
    ]
  ) {
    assert.ok(files.includes(expected), expected);
  }
});
