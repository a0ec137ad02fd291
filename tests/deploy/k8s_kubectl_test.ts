import assert from "node:assert/strict";
import { join } from "node:path";
import { CERT_FILE_NAMES } from "../../src/certgen/certificates.ts";
import { runCli } from "../../scripts/lib/app_process.ts";
import bcrypt from "bcryptjs";
import { parseHtpasswd } from "../../src/auth/accounts/htpasswd.ts";
import { type K8sObject, loadManifests, podSources, renderKustomization } from "../support/k8s.ts";
import { KEYS, PRODUCTION, PRODUCTION_KEYS } from "../support/k8s_overlay.ts";
import { needs } from "../../scripts/lib/tools.ts";

const ROOT = new URL("../../", import.meta.url);
const DOCS = ["k8s/README.md", "kustomize/README.md", "tls/README.md", "README.md"];

/** The `kubectl create secret|configmap` commands the docs tell users to run, continuation lines joined. */
async function documentedCommands(): Promise<{ doc: string; command: string }[]> {
  const found: { doc: string; command: string }[] = [];
  for (const doc of DOCS) {
    const text = await Deno.readTextFile(new URL(doc, ROOT)).catch(() => "");
    const joined = text.replace(/\\\n\s*/g, "");
    for (const [command] of joined.matchAll(/^kubectl create (?:secret|configmap) .+$/gm)) {
      found.push({ doc, command: command.trim() });
    }
  }
  return found;
}

/** Runs a documented command offline with --dry-run=client in `cwd`; returns the object it would create. */
async function dryRun(command: string, cwd: string, kubeconfig: string): Promise<K8sObject> {
  const out = await new Deno.Command("bash", {
    args: ["-c", `${command} --dry-run=client -o json`],
    cwd,
    env: { KUBECONFIG: kubeconfig },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(30_000),
  }).output();
  const decoder = new TextDecoder();
  assert.equal(out.code, 0, `${command}\n${decoder.decode(out.stderr)}`);
  return JSON.parse(decoder.decode(out.stdout));
}

Deno.test(
  "the documented kubectl create secret/configmap commands make exactly what the manifests mount",
  needs("kubectl"),
  async () => {
    const commands = await documentedCommands();
    assert.ok(commands.some(({ doc }) => doc === "k8s/README.md"), "k8s/README.md documents the commands");
    const work = await Deno.makeTempDir({ prefix: "kubectl-docs-" });
    try {
      // A checkout as the user has it: nginx/ from the repo, tls/ from a fresh app certgen.
      await Deno.mkdir(join(work, "nginx"));
      for await (const entry of Deno.readDir(new URL("nginx/", ROOT))) {
        await Deno.copyFile(new URL(`nginx/${entry.name}`, ROOT), join(work, "nginx", entry.name));
      }
      const certgen = await runCli(["certgen", "-out", join(work, "tls")]);
      assert.equal(certgen.code, 0, certgen.stderr);
      await Deno.copyFile(new URL("tls/README.md", ROOT), join(work, "tls", "README.md"));
      const keygen = await runCli(["keygen", "-out", join(work, "keys")]);
      assert.equal(keygen.code, 0, keygen.stderr);
      // The users file a reader makes first (k8s/README.md "Your own users").
      await Deno.writeTextFile(join(work, "htpasswd"), `alice:${bcrypt.hashSync("alice-pw", 4)}\n`);
      const kubeconfig = join(work, "kubeconfig"); // empty: no cluster is ever contacted
      await Deno.writeTextFile(kubeconfig, "");

      const created = new Map<string, K8sObject>();
      for (const { doc, command } of commands) {
        const object = await dryRun(command, work, kubeconfig);
        const id = `${object.kind}/${object.metadata.name}`;
        const keys = Object.keys(object.data ?? {}).sort();
        const before = created.get(id);
        if (before) {
          assert.deepEqual(
            keys,
            Object.keys(before.data).sort(),
            `${doc}: ${id} made the same way everywhere`,
          );
        }
        created.set(id, object);
      }
      assert.deepEqual([...created.keys()].sort(), [
        "ConfigMap/nginx-frontend-conf",
        "ConfigMap/nginx-proxy-conf",
        "Secret/jwt-secret",
        "Secret/jwt-signing-key",
        "Secret/tls-certs",
        "Secret/users",
      ]);
      const signingKey = created.get("Secret/jwt-signing-key")!.data;
      assert.deepEqual(
        Object.keys(signingKey),
        ["signing-key.pem"],
        "the keys variant's Secret: only the private key",
      );
      assert.match(atob(signingKey["signing-key.pem"]), /^-----BEGIN PRIVATE KEY-----/);
      const users = created.get("Secret/users")!.data;
      assert.deepEqual(Object.keys(users), ["htpasswd"], "the key -users-file /etc/users/htpasswd reads");
      assert.equal(parseHtpasswd(atob(users.htpasswd)).accounts.size, 1);

      const tls = created.get("Secret/tls-certs")!;
      assert.deepEqual(
        Object.keys(tls.data).sort(),
        ["ca.pem", "cert.pem", "key.pem"],
        "no CA key, no README",
      );
      for (const key of Object.keys(tls.data)) {
        assert.ok((CERT_FILE_NAMES as readonly string[]).includes(key));
      }
      const jwt = atob(created.get("Secret/jwt-secret")!.data.secret);
      assert.ok(jwt.length >= 32 && jwt !== "secret", "a random JWT secret");
      for (const name of ["nginx-frontend-conf", "nginx-proxy-conf"]) {
        const data = created.get(`ConfigMap/${name}`)!.data;
        for (const [key, text] of Object.entries(data)) {
          assert.equal(text, await Deno.readTextFile(new URL(`nginx/${key}`, ROOT)), `${name}: ${key}`);
        }
      }

      // Every Secret and ConfigMap a pod mounts, plain or from an overlay, exists with the keys it asks for.
      const plain = (await loadManifests()).map(({ file, object }) => ({ file: `k8s/${file}`, object }));
      const overlays = await Promise.all([KEYS, PRODUCTION, PRODUCTION_KEYS].map(renderKustomization));
      for (const pod of podSources([...plain, ...overlays.flat()])) {
        for (const volume of (pod.spec.volumes ?? []) as K8sObject[]) {
          const source = volume.secret
            ? created.get(`Secret/${volume.secret.secretName}`)
            : volume.configMap
            ? created.get(`ConfigMap/${volume.configMap.name}`)
            : undefined;
          if (!volume.secret && !volume.configMap) continue;
          assert.ok(source, `${pod.file}: volume ${volume.name} has a documented command`);
          for (const item of (volume.secret ?? volume.configMap).items ?? []) {
            assert.ok(item.key in source.data, `${pod.file}: ${volume.name} key ${item.key}`);
          }
        }
      }
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
);
