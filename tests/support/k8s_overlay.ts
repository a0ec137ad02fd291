/**
 * Models of what the production overlay's objects do, for checks without a cluster: which
 * Deployments' pods a selector picks, what a PodDisruptionBudget's `minAvailable` means for a
 * replica count, which connections the NetworkPolicies let into a pod, and where two objects differ.
 * @module
 */
import {
  type K8sObject,
  type LabelSelector,
  type Manifest,
  renderKustomization,
  selectorSelects,
} from "./k8s.ts";

/** The production overlay, as the docs apply it. */
export const PRODUCTION = "kustomize/overlays/production";

/** The course's stack with signing keys: the base plus the keys component. */
export const KEYS = "kustomize/overlays/keys";

/** The production overlay with the keys component. */
export const PRODUCTION_KEYS = "kustomize/overlays/production-keys";

/** The Deployments of the stack, sorted. */
export const APPS: readonly string[] = ["auth", "frontend", "hello"];

let rendering: Promise<Manifest[]> | undefined;

/** The production overlay as `kubectl kustomize` renders it, rendered once per test file. */
export function renderProduction(): Promise<Manifest[]> {
  return (rendering ??= renderKustomization(PRODUCTION));
}

let renderingKeys: Promise<Manifest[]> | undefined;

/** The keys overlay as `kubectl kustomize` renders it, rendered once per test file. */
export function renderKeys(): Promise<Manifest[]> {
  return (renderingKeys ??= renderKustomization(KEYS));
}

/** The objects of one kind. */
export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter(({ object }) => object.kind === kind);
}

/** The object of `kind` called `name`, if any. */
export function named(manifests: readonly Manifest[], kind: string, name: string): K8sObject | undefined {
  return ofKind(manifests, kind).find(({ object }) => object.metadata.name === name)?.object;
}

/** The names of the Deployments (sorted) whose pods `selector` selects. */
export function deploymentsSelected(selector: LabelSelector, manifests: readonly Manifest[]): string[] {
  return manifests
    .filter(({ object }) => object.kind === "Deployment")
    .filter(({ object }) => selectorSelects(selector, object.spec.template.metadata.labels ?? {}))
    .map(({ object }) => object.metadata.name as string)
    .sort();
}

/**
 * The pods a `minAvailable` keeps out of `replicas`: an integer as is, a percentage rounded up, as
 * the disruption controller computes it.
 */
export function minAvailableOf(minAvailable: number | string, replicas: number): number {
  if (typeof minAvailable === "number") return minAvailable;
  const percent = /^(\d+)%$/.exec(minAvailable);
  if (!percent) throw new Error(`minAvailable ${minAvailable} is neither a number nor a percentage`);
  return Math.ceil((Number(percent[1]) * replicas) / 100);
}

/** One peer of an ingress rule, described: `any`, `pods of a,b`, `namespace k=v`, `ipBlock ...`. */
function describePeer(peer: K8sObject, manifests: readonly Manifest[]): string {
  const parts: string[] = [];
  if (peer.ipBlock) parts.push(`ipBlock ${peer.ipBlock.cidr} except ${peer.ipBlock.except ?? []}`);
  if (peer.namespaceSelector) {
    const { matchLabels = {}, matchExpressions = [] } = peer.namespaceSelector;
    const labels = Object.entries(matchLabels).map(([key, value]) => `${key}=${value}`);
    parts.push(
      `namespace ${
        [...labels, ...matchExpressions.map((e: K8sObject) => JSON.stringify(e))].join(",") || "*"
      }`,
    );
  }
  // A podSelector alone means pods of the policy's namespace: here, the Deployments rendered with it.
  if (peer.podSelector) {
    const pods = peer.namespaceSelector
      ? `matching ${JSON.stringify(peer.podSelector)}`
      : `of ${deploymentsSelected(peer.podSelector, manifests).join(",") || "nothing"}`;
    parts.push(`pods ${pods}`);
  }
  return parts.join(" and ");
}

/** What the NetworkPolicies let into the pods of one Deployment. */
export interface Ingress {
  /** Whether any policy with the Ingress type selects the pods (then only `allowed` gets in). */
  isolated: boolean;
  /** Each allowed (port, source) as `PORT/PROTOCOL <- SOURCE`, sorted; `*` for every port. */
  allowed: string[];
}

/** The ingress the rendered NetworkPolicies allow to the pods of Deployment `name`. */
export function ingressTo(name: string, manifests: readonly Manifest[]): Ingress {
  const deployment = manifests.find(({ object }) =>
    object.kind === "Deployment" && object.metadata.name === name
  );
  if (!deployment) throw new Error(`no Deployment ${name}`);
  const labels = deployment.object.spec.template.metadata.labels ?? {};
  const policies = manifests
    .map(({ object }) => object)
    .filter((object) => object.kind === "NetworkPolicy" && selectorSelects(object.spec.podSelector, labels))
    .filter((object) => (object.spec.policyTypes ?? ["Ingress"]).includes("Ingress"));
  const allowed = new Set<string>();
  for (const policy of policies) {
    for (const rule of policy.spec.ingress ?? []) {
      const ports = (rule.ports ?? [{ port: "*", protocol: "*" }]).map((p: K8sObject) =>
        `${p.port ?? "*"}/${p.protocol ?? "TCP"}${p.endPort ? `-${p.endPort}` : ""}`
      );
      const sources = (rule.from ?? [{}]).map((peer: K8sObject) => describePeer(peer, manifests) || "any");
      for (const port of ports) for (const source of sources) allowed.add(`${port} <- ${source}`);
    }
  }
  return { isolated: policies.length > 0, allowed: [...allowed].sort() };
}

/**
 * The paths (`spec.template.spec.x`, `…containers.0.y`) where `a` and `b` differ: a value changed,
 * or a key present in only one of them.
 */
export function differingPaths(a: unknown, b: unknown, path = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    return Object.is(a, b) ? [] : [path];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    if (!(key in a) || !(key in b)) return [at];
    return differingPaths(a[key], b[key], at);
  });
}
