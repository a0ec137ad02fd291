import assert from "node:assert/strict";
import {
  type K8sObject,
  kubectl,
  kubectlInstalled,
  loadManifests,
  type Manifest,
  renderKustomization,
  topLevel,
} from "../support/k8s.ts";
import { differingPaths, PRODUCTION } from "../support/k8s_overlay.ts";

// How the kustomize layout relates to the course's plain manifests, checked with the real kubectl
// (offline: `kubectl kustomize` and `kubectl label --local` read files and never contact a cluster).
const HAVE_KUBECTL = await kubectlInstalled();
if (!HAVE_KUBECTL) console.warn("kubectl is not installed: the kustomize checks are ignored");

const id = ({ object }: Manifest) => `${object.kind}/${object.metadata.name}`;
const byId = (manifests: readonly Manifest[]) => new Map(manifests.map((m) => [id(m), m.object]));

/** What the production overlay may change in an object of the base, per kind: nothing else. */
const INTENDED_PATCHES: Record<string, string[]> = {
  // autoscaled-deployments.yaml: the HPA owns the count; topology-spread.yaml: replicas apart.
  Deployment: ["spec.replicas", "spec.template.spec.topologySpreadConstraints"],
  Service: [],
};
/** Patches of one object only. users-required.yaml: production has no demo account. */
const INTENDED_FOR: Record<string, string[]> = {
  "Deployment/auth": ["spec.template.spec.volumes.1.secret.optional"],
};

Deno.test({
  name: "kubectl create -f k8s reads the six course files and not the kustomize base beside them",
  ignore: !HAVE_KUBECTL,
  async fn() {
    // kubectl's own file reader, as `create -f` uses it, labelling locally instead of creating.
    const read = await kubectl(["label", "--local", "-f", "k8s", "kustomize-check=read", "-o", "name"]);
    assert.deepEqual(read.trim().split("\n").sort(), [
      "deployment.apps/auth",
      "deployment.apps/frontend",
      "deployment.apps/hello",
      "service/auth",
      "service/frontend",
      "service/hello",
    ]);
  },
});

Deno.test({
  name: "the kustomize base renders exactly the plain manifests kubectl create -f k8s creates",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const plain = byId(topLevel(await loadManifests()));
    const base = byId(await renderKustomization("k8s"));
    assert.deepEqual([...base.keys()].sort(), [...plain.keys()].sort());
    for (const [key, object] of base) assert.deepEqual(object, plain.get(key), key);
  },
});

Deno.test({
  name: "the overlay changes the plain objects only where it means to",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const plain = byId(topLevel(await loadManifests()));
    const rendered = byId(await renderKustomization(PRODUCTION));
    for (const [key, before] of plain) {
      const after = rendered.get(key) as K8sObject;
      assert.ok(after, `${key} is in the overlay`);
      // Every intended patch is applied, and nothing else differs.
      const intended = [...INTENDED_PATCHES[before.kind], ...(INTENDED_FOR[key] ?? [])];
      assert.deepEqual(differingPaths(before, after).sort(), intended.sort(), key);
    }
    const added = [...rendered.keys()].filter((key) => !plain.has(key)).sort();
    assert.deepEqual(added.map((key) => key.split("/")[0]).filter((kind) => kind in INTENDED_PATCHES), []);
  },
});

Deno.test("differingPaths finds changed, added and removed fields, down to array items", () => {
  const before = { spec: { replicas: 3, template: { spec: { containers: [{ name: "a", ports: [1] }] } } } };
  const after = { spec: { template: { spec: { containers: [{ name: "a", ports: [2] }], extra: {} } } } };
  assert.deepEqual(differingPaths(before, after).sort(), [
    "spec.replicas",
    "spec.template.spec.containers.0.ports.0",
    "spec.template.spec.extra",
  ]);
  assert.deepEqual(differingPaths(before, structuredClone(before)), []);
});
