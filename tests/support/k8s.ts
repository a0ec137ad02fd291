/**
 * Loads the repository's Kubernetes manifests the way kubectl reads them (YAML 1.1, several
 * documents per file) and walks their pod specs.
 * @module
 */
import { parseAllDocuments } from "yaml";

const ROOT = new URL("../../", import.meta.url);

/** Folders under `k8s/` that hold no manifests (the sizing data and its script). */
const NOT_MANIFESTS = new Set(["sizing/"]);

/** Any Kubernetes object, as parsed. */
// deno-lint-ignore no-explicit-any
export type K8sObject = Record<string, any>;

/** One object and the file it came from (relative to `k8s/`). */
export interface Manifest {
  file: string;
  object: K8sObject;
}

async function yamlFiles(dir: URL, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      if (NOT_MANIFESTS.has(`${prefix}${entry.name}/`)) continue;
      files.push(...await yamlFiles(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    } else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(`${prefix}${entry.name}`);
  }
  return files.sort();
}

/**
 * Every manifest under `k8s/`, sub-folders included (not `k8s/sizing/`), of this checkout or of
 * the checkout at `root` (a `file:` URL ending in `/`).
 */
export async function loadManifests(root: URL = ROOT): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const file of await yamlFiles(new URL("k8s/", root))) {
    const text = await Deno.readTextFile(new URL(`k8s/${file}`, root));
    for (const doc of parseAllDocuments(text, { version: "1.1" })) {
      if (doc.errors.length > 0) throw new Error(`k8s/${file}: ${doc.errors[0].message}`);
      const object = doc.toJS();
      if (object !== null) out.push({ file, object });
    }
  }
  return out;
}

/** What `kubectl create -f k8s` reads: the top-level files only, not sub-folders. */
export function topLevel(manifests: readonly Manifest[]): Manifest[] {
  return manifests.filter((m) => !m.file.includes("/"));
}

/** A pod template or pod with where it came from and its labels. */
export interface PodSource {
  file: string;
  name: string;
  labels: Record<string, string>;
  // deno-lint-ignore no-explicit-any
  spec: Record<string, any>;
}

/** The pod specs of Pods and of workload templates. */
export function podSources(manifests: readonly Manifest[]): PodSource[] {
  return manifests.flatMap(({ file, object }) => {
    if (object.kind === "Pod") {
      return [{ file, name: object.metadata.name, labels: object.metadata.labels ?? {}, spec: object.spec }];
    }
    if (object.spec?.template?.spec) {
      const template = object.spec.template;
      return [{
        file,
        name: object.metadata.name,
        labels: template.metadata?.labels ?? {},
        spec: template.spec,
      }];
    }
    return [];
  });
}

/** Whether `labels` has every key/value of `selector`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The serving modes: an app container's first argument is one of them. */
export const APP_MODES: readonly string[] = ["monolith", "auth", "hello"];

/** The app's containers in a pod spec: those that run one of {@link APP_MODES}. */
// deno-lint-ignore no-explicit-any
export function appContainers(spec: Record<string, any>): K8sObject[] {
  return (spec.containers as K8sObject[]).filter((c) => APP_MODES.includes(c.args?.[0]));
}

/**
 * An image reference split into repository and tag: `localhost:5000/app:1.0.0` gives
 * `localhost:5000/app` and `1.0.0` (a colon before the last `/` is a registry port, not a tag).
 */
export function splitImage(image: string): { repository: string; tag: string | undefined } {
  const colon = image.lastIndexOf(":");
  if (colon < 0 || colon < image.lastIndexOf("/")) return { repository: image, tag: undefined };
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/**
 * The repositories the app containers' images name, deduplicated: one entry when the manifests
 * agree. Whatever it is (the shipped placeholder or the user's registry after the README's `sed`):
 * the tests check that the manifests agree with each other, not that they carry a given name.
 */
export function appImages(manifests: readonly Manifest[]): string[] {
  const repositories = podSources(manifests).flatMap((pod) =>
    appContainers(pod.spec).map((container) => splitImage(String(container.image)).repository)
  );
  return [...new Set(repositories)];
}

/** Every container of `pods`, each with the pod it belongs to. */
export function containersOf(pods: readonly PodSource[]): { pod: PodSource; container: K8sObject }[] {
  return pods.flatMap((pod) => (pod.spec.containers as K8sObject[]).map((container) => ({ pod, container })));
}

/** A Kubernetes label selector: `matchLabels` and `matchExpressions`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Whether a full label selector (an empty one selects everything) selects `labels`. */
export function selectorSelects(selector: LabelSelector, labels: Record<string, string>): boolean {
  return selects(selector.matchLabels ?? {}, labels) &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === "In") return key in labels && values.includes(labels[key]);
      if (operator === "NotIn") return !(key in labels) || !values.includes(labels[key]);
      if (operator === "Exists") return key in labels;
      if (operator === "DoesNotExist") return !(key in labels);
      throw new Error(`unknown selector operator ${operator}`);
    });
}

/** Whether the kubectl executable is on PATH (kustomize is built into it). */
export async function kubectlInstalled(): Promise<boolean> {
  try {
    const out = await new Deno.Command("kubectl", {
      args: ["version", "--client"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Runs kubectl with no kubeconfig (nothing it does can reach a cluster) in the repository root;
 * resolves stdout, rejects with stderr when it fails.
 */
export async function kubectl(args: readonly string[]): Promise<string> {
  const out = await new Deno.Command("kubectl", {
    args: [...args],
    cwd: ROOT,
    env: { KUBECONFIG: "/dev/null" },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const decoder = new TextDecoder();
  if (!out.success) throw new Error(`kubectl ${args.join(" ")}: ${decoder.decode(out.stderr)}`);
  return decoder.decode(out.stdout);
}

/**
 * The objects `kubectl kustomize DIR` renders (DIR relative to the repository root), each named
 * `DIR Kind/name` in the place of a file, parsed as kubectl reads YAML.
 */
export async function renderKustomization(dir: string): Promise<Manifest[]> {
  const text = await kubectl(["kustomize", dir]);
  return parseAllDocuments(text, { version: "1.1" }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors[0].message}`);
    const object = doc.toJS();
    return { file: `${dir} ${object.kind}/${object.metadata.name}`, object };
  });
}
