/**
 * The API-level checks of tests/k8s_schema_test.ts as functions over any list of objects (the
 * plain manifests or what kustomize renders): every object validates against the Kubernetes schema
 * of its kind, and type-checks as that kind's API type, which reports fields the API does not know.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import testConfig from "../deno.json" with { type: "json" };
import type { K8sObject, Manifest } from "./k8s.ts";
import {
  Deployment,
  HorizontalPodAutoscaler,
  NetworkPolicy,
  Pod,
  PodDisruptionBudget,
  PodMonitor,
  Service,
} from "./kubernetes_models.ts";

const ROOT = new URL("../../", import.meta.url);

/**
 * The `npm:` specifier the tests' import map (tests/deno.json) gives a bare one: the generated file
 * lives in a temporary directory, outside tests/ and so outside its import map.
 */
function npmSpecifier(bare: string): string {
  const imports: Record<string, string> = testConfig.imports;
  const prefix = Object.keys(imports).find((key) => key.endsWith("/") && bare.startsWith(key));
  assert.ok(prefix, `${bare} is not in tests/deno.json`);
  return imports[prefix] + bare.slice(prefix.length);
}

interface Kind {
  validate(object: unknown): void;
  module: string;
  type: string;
}

/** The kinds our manifests and overlays may use: the schema model, and the TypeScript type of the same schema. */
export const API_KINDS: Record<string, Kind> = {
  "apps/v1 Deployment": {
    validate: (object) => new Deployment(object as ConstructorParameters<typeof Deployment>[0]).validate(),
    module: "kubernetes-models/apps/v1/Deployment",
    type: "IDeployment",
  },
  "v1 Pod": {
    validate: (object) => new Pod(object as ConstructorParameters<typeof Pod>[0]).validate(),
    module: "kubernetes-models/v1/Pod",
    type: "IPod",
  },
  "v1 Service": {
    validate: (object) => new Service(object as ConstructorParameters<typeof Service>[0]).validate(),
    module: "kubernetes-models/v1/Service",
    type: "IService",
  },
  "autoscaling/v2 HorizontalPodAutoscaler": {
    validate: (object) =>
      new HorizontalPodAutoscaler(object as ConstructorParameters<typeof HorizontalPodAutoscaler>[0])
        .validate(),
    module: "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
    type: "IHorizontalPodAutoscaler",
  },
  "policy/v1 PodDisruptionBudget": {
    validate: (object) =>
      new PodDisruptionBudget(object as ConstructorParameters<typeof PodDisruptionBudget>[0]).validate(),
    module: "kubernetes-models/policy/v1/PodDisruptionBudget",
    type: "IPodDisruptionBudget",
  },
  "networking.k8s.io/v1 NetworkPolicy": {
    validate: (object) =>
      new NetworkPolicy(object as ConstructorParameters<typeof NetworkPolicy>[0]).validate(),
    module: "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
    type: "INetworkPolicy",
  },
  // The Prometheus Operator's resource (k8s/monitoring/, optional), against the operator's schema.
  "monitoring.coreos.com/v1 PodMonitor": {
    validate: (object) => new PodMonitor(object as ConstructorParameters<typeof PodMonitor>[0]).validate(),
    module: "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor",
    type: "IPodMonitor",
  },
};

const kindOf = (object: K8sObject): string => `${object.apiVersion} ${object.kind}`;

/** Asserts every object is of a known kind and validates against that kind's schema. */
export function assertSchemas(manifests: readonly Manifest[]): void {
  for (const { file, object } of manifests) {
    const kind = API_KINDS[kindOf(object)];
    assert.ok(kind, `${file}: unexpected kind ${kindOf(object)}`);
    assert.doesNotThrow(() => kind.validate(object), `${file}`);
  }
}

/**
 * Type-checks every object as a literal of its kind's API type (TypeScript's excess-property check
 * reports an unknown field, which the schema lets through), plus a misspelt field that must be
 * reported, so the check proves it can fail. Resolves `deno check`'s report; empty when clean.
 */
export async function unknownFieldReport(manifests: readonly Manifest[]): Promise<string> {
  const used = [...new Set(manifests.map(({ object }) => API_KINDS[kindOf(object)]))];
  const lines = [
    ...used.map((kind) => `import type { ${kind.type} } from "${npmSpecifier(kind.module)}";`),
    `import type { IContainer } from "${npmSpecifier("kubernetes-models/v1/Container")}";`,
    ...manifests.map(({ file, object }, i) =>
      `// ${file}\nexport const m${i}: ${API_KINDS[kindOf(object)].type} = ${
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
      args: ["check", "--quiet", "--config", new URL("tests/deno.json", ROOT).pathname, file],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return result.success
      ? ""
      : new TextDecoder().decode(result.stderr) || `deno check exited ${result.code}`;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
