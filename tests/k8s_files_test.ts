import assert from "node:assert/strict";
import {
  APP_IMAGE,
  appContainers,
  containersOf,
  type K8sObject,
  loadManifests,
  podSources,
} from "./support/k8s.ts";

// How the manifests tie to the other files in the repository: the sizing table, nginx/*.conf and
// k8s/cleanup.sh.
const ROOT = new URL("../", import.meta.url);
const manifests = await loadManifests();
const pods = podSources(manifests);
const services = manifests.filter(({ object }) => object.kind === "Service");

Deno.test("requests and limits follow the measured sizing table", async () => {
  const table = await Deno.readTextFile(new URL("k8s/sizing/README.md", ROOT));
  const rows = new Map<string, string[]>();
  for (const line of table.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    if (cells.length === 7 && /^\d+$/.test(cells[1])) rows.set(cells[0], cells);
  }
  assert.deepEqual([...rows.keys()].sort(), ["auth", "hello", "monolith", "nginx"]);
  const mib = (text: string) => Number(/^(\d+)Mi$/.exec(text)?.[1]);
  for (const [name, [, idle, peak, request, limit]] of rows) {
    assert.ok(mib(request) >= Number(idle), `${name}: request covers idle`);
    assert.ok(mib(limit) >= 1.5 * Number(peak), `${name}: limit is 1.5 x peak`);
  }
  for (const { pod, container } of containersOf(pods)) {
    const mode = container.name === "nginx" ? "nginx" : container.args[0];
    const [, , , request, limit, cpuRequest, cpuLimit] = rows.get(mode)!;
    const at = `k8s/${pod.file} ${container.name}`;
    assert.deepEqual(container.resources, {
      requests: { cpu: cpuRequest, memory: request },
      limits: { cpu: cpuLimit, memory: limit },
    }, at);
  }
});

Deno.test("nginx containers mount the files their config names, on the ports their config listens on", async () => {
  for (const { pod, container } of containersOf(pods).filter(({ container }) => container.name === "nginx")) {
    const at = `k8s/${pod.file}`;
    const volumes = new Map((pod.spec.volumes as K8sObject[]).map((v) => [v.name, v]));
    const mountAt = (path: string) =>
      (container.volumeMounts as K8sObject[]).find((m) => m.mountPath === path);
    const confMount = mountAt("/etc/nginx/conf.d");
    const confItems = volumes.get(confMount?.name)?.configMap?.items as K8sObject[];
    assert.equal(confItems.length, 1, at);
    const conf = await Deno.readTextFile(new URL(`nginx/${confItems[0].key}`, ROOT));
    assert.equal(confItems[0].path, confItems[0].key, at);

    const listen = Number(/listen (\d+) ssl; # @listen/.exec(conf)?.[1]);
    assert.equal(container.ports.find((p: K8sObject) => p.name === "https")?.containerPort, listen, at);

    for (const [, path] of conf.matchAll(/ssl_certificate(?:_key)? (\S+); # @tls-file/g)) {
      const dir = path.slice(0, path.lastIndexOf("/"));
      const secret = volumes.get(mountAt(dir)?.name)?.secret;
      assert.equal(secret?.secretName, "tls-certs", `${at}: ${path}`);
      const file = path.slice(dir.length + 1);
      assert.ok(secret.items.some((item: K8sObject) => item.path === file), `${at}: ${path}`);
    }
    assert.ok(mountAt("/tmp"), `${at}: writable /tmp for the unprivileged image`);
  }
});

Deno.test("nginx upstreams point at the Services and at the sidecar's monolith", async () => {
  const frontend = await Deno.readTextFile(new URL("nginx/frontend.conf", ROOT));
  const upstreams = [...frontend.matchAll(/server (\S+):(\d+); # @upstream/g)].map((
    [, host, port],
  ) => [host, Number(port)]);
  const servicePorts = Object.fromEntries(
    services.map(({ object }) => [object.metadata.name, object.spec.ports[0].port]),
  );
  assert.deepEqual(upstreams, [["auth", servicePorts.auth], ["hello", servicePorts.hello]]);

  const proxy = await Deno.readTextFile(new URL("nginx/proxy.conf", ROOT));
  const [, host, port] = /server (\S+):(\d+); # @upstream/.exec(proxy)!;
  const secure = pods.find((pod) => pod.name === "secure-monolith")!;
  const monolith = appContainers(secure.spec, APP_IMAGE)[0];
  const http = monolith.args[monolith.args.indexOf("-http") + 1];
  assert.equal(http, `${host}:${port}`, "the monolith listens only where the sidecar forwards");
});

Deno.test("cleanup.sh deletes every object the manifests and the README's commands create", async () => {
  const script = await Deno.readTextFile(new URL("k8s/cleanup.sh", ROOT));
  const deleted = new Set<string>();
  for (const [, kind, names] of script.matchAll(/^kubectl delete (\w+) ([\w -]+?) --ignore-not-found/gm)) {
    for (const name of names.split(" ")) deleted.add(`${kind}/${name}`);
  }
  const plural: Record<string, string> = { Pod: "pods", Service: "services", Deployment: "deployments" };
  for (const { object } of manifests) {
    assert.ok(
      deleted.has(`${plural[object.kind]}/${object.metadata.name}`),
      `${object.kind} ${object.metadata.name}`,
    );
  }
  for (
    const name of [
      "secrets/jwt-secret",
      "secrets/jwt-signing-key",
      "secrets/tls-certs",
      "configmaps/nginx-frontend-conf",
      "configmaps/nginx-proxy-conf",
    ]
  ) {
    assert.ok(deleted.has(name), name);
  }
});
