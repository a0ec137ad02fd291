import assert from "node:assert/strict";
import { parseServeConfig } from "../../src/cli/config.ts";
import { inCidr, parseIp } from "../../src/util/ip.ts";
import { appContainers, type K8sObject, loadManifests, podSources } from "../support/k8s.ts";

const pods = podSources(await loadManifests());

/** The container's config as the binary would resolve it, env from the manifest included. */
function configOf(container: K8sObject) {
  const [, ...flags] = container.args as string[];
  const env = new Map<string, string>(
    ((container.env ?? []) as K8sObject[]).filter((e) => "value" in e).map((e) => [e.name, e.value]),
  );
  const parsed = parseServeConfig(flags, (name) => env.get(name), () => "secret from the mounted file");
  if (parsed.help) throw new Error("args ask for help");
  return parsed.config;
}

Deno.test("k8s: every app that checks passwords reads its users from the optional users Secret", () => {
  let checked = 0;
  for (const pod of pods) {
    for (const container of appContainers(pod.spec)) {
      const mode = (container.args as string[])[0];
      const at = `k8s/${pod.file} ${container.name}`;
      const { usersFile } = configOf(container);
      if (mode === "hello") {
        assert.equal(usersFile, undefined, `${at}: hello checks no passwords`);
        continue;
      }
      assert.ok(usersFile, `${at}: -users-file`);
      const mount = (container.volumeMounts as K8sObject[]).find((m) =>
        usersFile.startsWith(`${m.mountPath}/`)
      );
      assert.equal(mount?.readOnly, true, `${at}: read-only mount`);
      const volume = (pod.spec.volumes as K8sObject[]).find((v) => v.name === mount?.name);
      assert.equal(volume?.secret?.secretName, "users", at);
      assert.equal(volume?.secret?.optional, true, `${at}: the course flow works without the Secret`);
      assert.equal(volume?.secret?.items, undefined, `${at}: the whole Secret, so its updates reach the pod`);
      assert.equal(
        usersFile,
        `${mount.mountPath}/htpasswd`,
        `${at}: the key kubectl --from-file=htpasswd makes`,
      );
      checked++;
    }
  }
  assert.equal(checked, 4, "auth and the three monolith pods (the keys variant: k8s_keys_variant_test.ts)");
});

Deno.test("k8s: behind nginx the app trusts exactly where nginx connects from; elsewhere nothing", () => {
  const trusts = (config: ReturnType<typeof configOf>, address: string) =>
    config.trustedProxies.some((range) => inCidr(parseIp(address)!, range));
  for (const pod of pods) {
    for (const container of appContainers(pod.spec)) {
      const at = `k8s/${pod.file} ${container.name}`;
      const config = configOf(container);
      const sidecar = (pod.spec.containers as K8sObject[]).some((c) => c.name === "nginx");
      const behindFrontend = ["auth", "hello"].includes(pod.name);
      if (sidecar) {
        assert.ok(trusts(config, "127.0.0.1"), `${at}: trusts its nginx sidecar on loopback`);
        assert.equal(config.http.hostname, "127.0.0.1", `${at}: only the sidecar can connect`);
        assert.ok(!trusts(config, "10.1.2.3"), `${at}: nothing but the sidecar`);
      } else if (behindFrontend) {
        assert.ok(
          trusts(config, "10.244.1.7") && trusts(config, "10.42.0.9"),
          `${at}: trusts the pod network`,
        );
        assert.ok(!trusts(config, "203.0.113.7") && !trusts(config, "127.0.0.1"), `${at}: and nothing else`);
      } else {
        assert.deepEqual(config.trustedProxies, [], `${at}: reached by port-forward, no proxy to trust`);
      }
    }
  }
});
