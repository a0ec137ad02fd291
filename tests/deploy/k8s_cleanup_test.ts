import assert from "node:assert/strict";
import { join } from "node:path";
import { loadManifests, renderKustomization } from "../support/k8s.ts";
import { needs } from "../../scripts/lib/tools.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** kubectl's plural resource names, as cleanup.sh writes them, to kinds. */
const KINDS: Record<string, string> = {
  pods: "Pod",
  services: "Service",
  deployments: "Deployment",
  secrets: "Secret",
  configmaps: "ConfigMap",
  namespaces: "Namespace",
  podmonitors: "PodMonitor",
  horizontalpodautoscalers: "HorizontalPodAutoscaler",
  poddisruptionbudgets: "PodDisruptionBudget",
  networkpolicies: "NetworkPolicy",
};

/** What the docs' kubectl commands create by name: secrets, config maps, namespaces, the course's nginx. */
async function createdByCommands(): Promise<string[]> {
  const created: string[] = [];
  for (const doc of ["k8s/README.md", "kustomize/README.md", "docs/users.md", "docs/keys.md"]) {
    const text = (await Deno.readTextFile(join(ROOT, doc))).replace(/\\\n\s*/g, " ");
    for (
      const [, what, name] of text.matchAll(
        /kubectl create (secret \w+|configmap|namespace|deployment) ([\w.-]+)/g,
      )
    ) {
      const kind = what.startsWith("secret") ? "Secret" : KINDS[`${what}s`];
      created.push(`${kind}/${name}`);
    }
    for (const [, name] of text.matchAll(/kubectl expose deployment ([\w.-]+)/g)) {
      created.push(`Service/${name}`);
    }
  }
  return created;
}

/** The kind/name pairs k8s/cleanup.sh deletes, from the kubectl calls it makes (a recording kubectl). */
async function deletedByCleanup(): Promise<string[]> {
  const bin = await Deno.makeTempDir({ prefix: "fake-kubectl-" });
  try {
    const log = join(bin, "calls");
    // Records each call, one line of arguments; answers every `get` with nothing (an empty cluster).
    await Deno.writeTextFile(join(bin, "kubectl"), `#!/bin/sh\necho "$*" >> ${log}\n`, { mode: 0o755 });
    const out = await new Deno.Command("bash", {
      args: [join(ROOT, "k8s/cleanup.sh"), "--context", "test"],
      env: { PATH: `${bin}:${Deno.env.get("PATH")}` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const deleted: string[] = [];
    for (const call of (await Deno.readTextFile(log)).trim().split("\n")) {
      const words = call.split(" ");
      if (words[0] !== "delete") continue;
      assert.ok(words.includes("--ignore-not-found"), `${call}: a second cleanup must not fail`);
      assert.equal(words.at(-2), "--context", `${call}: the extra arguments go to every call`);
      const kind = KINDS[words[1]];
      assert.ok(kind, `cleanup.sh deletes ${words[1]}: add it to this test's kinds`);
      for (
        const name of words.slice(2).filter((word, i, all) =>
          !word.startsWith("-") && !all[i - 1]?.startsWith("--")
        )
      ) {
        deleted.push(`${kind}/${name}`);
      }
    }
    return deleted;
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

Deno.test({
  name: "k8s/cleanup.sh deletes every object the manifests, overlays and docs' commands create",
  ...needs("kubectl"),
  fn: async () => {
    const objects = [
      ...await loadManifests(),
      ...await renderKustomization("kustomize/overlays/production"),
      ...await renderKustomization("kustomize/overlays/production-keys"),
      ...await renderKustomization("kustomize/overlays/keys"),
    ].map(({ object }) => `${object.kind}/${object.metadata.name}`);
    const created = new Set([...objects, ...await createdByCommands()]);
    assert.ok(
      created.has("Secret/users") && created.has("Namespace/monitoring") && created.has("Deployment/nginx"),
    );
    assert.ok([...created].some((id) => id.startsWith("HorizontalPodAutoscaler/")));
    const deleted = new Set(await deletedByCleanup());
    assert.deepEqual([...created].filter((id) => !deleted.has(id)).sort(), [], "created, never deleted");
  },
});
