/**
 * Loads the repository's Kubernetes manifests the way kubectl reads them (YAML 1.1, several
 * documents per file) and walks their pod specs.
 * @module
 */
import { parseAllDocuments } from "yaml";

const ROOT = new URL("../../", import.meta.url);

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
      files.push(...await yamlFiles(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    } else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(`${prefix}${entry.name}`);
  }
  return files.sort();
}

/** Every manifest under `k8s/`, sub-folders included. */
export async function loadManifests(): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const file of await yamlFiles(new URL("k8s/", ROOT))) {
    const text = await Deno.readTextFile(new URL(`k8s/${file}`, ROOT));
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

/** The app's containers (running our image) in a pod spec. */
// deno-lint-ignore no-explicit-any
export function appContainers(spec: Record<string, any>, image: string): K8sObject[] {
  // deno-lint-ignore no-explicit-any
  return spec.containers.filter((c: any) => String(c.image).split(":")[0] === image);
}

/** The image the manifests run the app from, without its tag. */
export const APP_IMAGE = "registry.example.com/app";

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
