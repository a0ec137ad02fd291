import assert from "node:assert/strict";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Pod } from "kubernetes-models/v1/Pod";
import { Service } from "kubernetes-models/v1/Service";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { type K8sObject, loadManifests, topLevel } from "./support/k8s.ts";

const ROOT = new URL("../", import.meta.url);

/** The kinds our manifests may use: the schema model, and the TypeScript type of the same schema. */
const KINDS: Record<string, { validate(object: unknown): void; module: string; type: string }> = {
  "apps/v1 Deployment": {
    validate: (object) => new Deployment(object as Deployment).validate(),
    module: "kubernetes-models/apps/v1/Deployment",
    type: "IDeployment",
  },
  "v1 Pod": {
    validate: (object) => new Pod(object as Pod).validate(),
    module: "kubernetes-models/v1/Pod",
    type: "IPod",
  },
  "v1 Service": {
    validate: (object) => new Service(object as Service).validate(),
    module: "kubernetes-models/v1/Service",
    type: "IService",
  },
  // The Prometheus Operator's resource (k8s/monitoring/, optional), against the operator's schema.
  "monitoring.coreos.com/v1 PodMonitor": {
    validate: (object) => new PodMonitor(object as PodMonitor).validate(),
    module: "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor",
    type: "IPodMonitor",
  },
};

const kindOf = (object: K8sObject): string => `${object.apiVersion} ${object.kind}`;

Deno.test("every manifest validates against the Kubernetes schema", async () => {
  const manifests = await loadManifests();
  assert.ok(manifests.length >= 10, `found ${manifests.length} manifests`);
  for (const { file, object } of manifests) {
    const kind = KINDS[kindOf(object)];
    assert.ok(kind, `k8s/${file}: unexpected kind ${kindOf(object)}`);
    assert.doesNotThrow(() => kind.validate(object), `k8s/${file}`);
  }
});

Deno.test("the schema check itself rejects wrong types", () => {
  assert.throws(() =>
    KINDS["apps/v1 Deployment"].validate({
      apiVersion: "apps/v1",
      kind: "Deployment",
      spec: { replicas: "3" },
    })
  );
});

Deno.test("no manifest has a field the Kubernetes API does not know (typed as the API's own types)", async () => {
  // The schema above lets unknown fields through; TypeScript's excess-property check on the same
  // API types does not. One file per run: every manifest as a typed literal, plus a misspelt
  // field that must be reported, so the check proves it can fail.
  const manifests = await loadManifests();
  const used = [...new Set(manifests.map(({ object }) => KINDS[kindOf(object)]))];
  const lines = [
    ...used.map((kind) => `import type { ${kind.type} } from "${kind.module}";`),
    `import type { IContainer } from "kubernetes-models/v1/Container";`,
    ...manifests.map(({ file, object }, i) =>
      `// k8s/${file}\nexport const m${i}: ${KINDS[kindOf(object)].type} = ${
        JSON.stringify(object, null, 2)
      };`
    ),
    "// @ts-expect-error a misspelt field must be reported",
    `export const misspelt: IContainer = { name: "x", image: "x", readOnlyRootFileSystem: true };`,
  ];
  const dir = await Deno.makeTempDir({ prefix: "k8s-types-" });
  try {
    const file = join(dir, "manifests.ts");
    await Deno.writeTextFile(file, lines.join("\n") + "\n");
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", "--config", new URL("deno.json", ROOT).pathname, file],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const report = new TextDecoder().decode(result.stderr);
    assert.equal(result.code, 0, report);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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
