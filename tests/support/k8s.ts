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
