import assert from "node:assert/strict";
import { appContainers, containersOf, type K8sObject, loadManifests, podSources } from "../support/k8s.ts";

// How the manifests tie to the other files in the repository: the sizing data, nginx/*.conf and
// k8s/cleanup.sh.
const ROOT = new URL("../../", import.meta.url);
const manifests = await loadManifests();
const pods = podSources(manifests);
const services = manifests.filter(({ object }) => object.kind === "Service");

/** `k8s/sizing/sizing.json`: the measured rounds and the resources chosen from them. */
interface Sizing {
  rounds: { mode: string; idleKiB: number; peakKiB: number }[];
  resources: Record<
    string,
    { memoryRequest: string; memoryLimit: string; cpuRequest: string; cpuLimit: string }
  >;
}

Deno.test("requests and limits follow the measured sizing data", async () => {
  const sizing: Sizing = JSON.parse(await Deno.readTextFile(new URL("k8s/sizing/sizing.json", ROOT)));
  const containers = Object.keys(sizing.resources).sort();
  assert.deepEqual(containers, ["auth", "hello", "monolith", "nginx"]);
  const mib = (text: string) => Number(/^(\d+)Mi$/.exec(text)?.[1]);
  for (const name of containers) {
    const rounds = sizing.rounds.filter((round) => round.mode === name);
    assert.ok(rounds.length > 0, `${name}: measured`);
    // The highest of the rounds, rounded up to whole MiB.
    const idle = Math.ceil(Math.max(...rounds.map((round) => round.idleKiB)) / 1024);
    const peak = Math.ceil(Math.max(...rounds.map((round) => round.peakKiB)) / 1024);
    const { memoryRequest, memoryLimit } = sizing.resources[name];
    assert.ok(mib(memoryRequest) >= idle, `${name}: request ${memoryRequest} covers idle ${idle} MiB`);
    assert.ok(mib(memoryLimit) >= 1.5 * peak, `${name}: limit ${memoryLimit} is 1.5 x peak ${peak} MiB`);
  }
  for (const { pod, container } of containersOf(pods)) {
    const mode = container.name === "nginx" ? "nginx" : container.args[0];
    const { memoryRequest, memoryLimit, cpuRequest, cpuLimit } = sizing.resources[mode];
    assert.deepEqual(container.resources, {
      requests: { cpu: cpuRequest, memory: memoryRequest },
      limits: { cpu: cpuLimit, memory: memoryLimit },
    }, `k8s/${pod.file} ${container.name}`);
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

    const listen = Number(/listen (\d+) ssl(?: http2)?; # @listen/.exec(conf)?.[1]);
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
  const monolith = appContainers(secure.spec)[0];
  const http = monolith.args[monolith.args.indexOf("-http") + 1];
  assert.equal(http, `${host}:${port}`, "the monolith listens only where the sidecar forwards");
});
