import assert from "node:assert/strict";
import denoConfig from "../deno.json" with { type: "json" };
import { parseServeConfig } from "../src/config.ts";
import { appContainers, type K8sObject, loadManifests, podSources, selects } from "./support/k8s.ts";

const ROOT = new URL("../", import.meta.url);
const APP_IMAGE = "registry.example.com/app";
const manifests = await loadManifests();
const pods = podSources(manifests);
const services = manifests.filter(({ object }) => object.kind === "Service");

const containers = () =>
  pods.flatMap((pod) => (pod.spec.containers as K8sObject[]).map((container) => ({ pod, container })));

Deno.test("Deployment selectors match their pod templates and keep the course's labels", () => {
  for (const { file, object } of manifests.filter(({ object }) => object.kind === "Deployment")) {
    const labels = object.spec.template.metadata.labels;
    assert.ok(selects(object.spec.selector.matchLabels, labels), `k8s/${file}`);
    assert.equal(labels.app, object.metadata.name, `k8s/${file}: app label`);
    assert.equal(labels.track, "stable", `k8s/${file}: track label`);
  }
  for (const { file, object } of manifests) {
    const labels = object.metadata.labels ?? {};
    assert.ok(labels.app, `k8s/${file}: app label`);
    assert.equal(labels["app.kubernetes.io/name"], labels.app, `k8s/${file}`);
    assert.equal(labels["app.kubernetes.io/part-of"], "app", `k8s/${file}`);
  }
  for (const pod of pods) {
    assert.equal(pod.labels["app.kubernetes.io/name"], pod.labels.app, `k8s/${pod.file}: pod labels`);
  }
});

Deno.test("every Service selects pods whose named container ports match its targetPorts", () => {
  for (const { file, object } of services) {
    const selector = object.spec.selector;
    let matched = pods.filter((pod) => selects(selector, pod.labels));
    if (file === "services/monolith.yaml") {
      // The course's lesson: nothing matches until `kubectl label pods secure-monolith secure=enabled`.
      assert.deepEqual(matched, [], "the monolith Service selects nothing before the lesson's label");
      assert.deepEqual(selector, { app: "monolith", secure: "enabled" });
      assert.equal(object.spec.type, "NodePort");
      assert.equal(object.spec.ports[0].nodePort, 31000);
      matched = pods.filter((pod) =>
        selects(selector, { ...pod.labels, ...(pod.name === "secure-monolith" ? { secure: "enabled" } : {}) })
      );
      assert.deepEqual(matched.map((pod) => pod.name), ["secure-monolith"]);
    }
    assert.ok(matched.length > 0, `k8s/${file} selects no pod`);
    for (const pod of matched) {
      const portNames = (pod.spec.containers as K8sObject[]).flatMap((c) =>
        (c.ports ?? []).map((p: K8sObject) => p.name)
      );
      for (const port of object.spec.ports) {
        assert.equal(typeof port.targetPort, "string", `k8s/${file}: targetPort by name`);
        assert.ok(portNames.includes(port.targetPort), `k8s/${file}: ${port.targetPort} in ${pod.file}`);
      }
    }
  }
  const ports = Object.fromEntries(
    services.map(({ object }) => [object.metadata.name, object.spec.ports[0].port]),
  );
  assert.deepEqual(
    ports,
    { auth: 80, hello: 80, frontend: 443, monolith: 443 },
    "the course's Service ports",
  );
});

Deno.test("probes use named ports of their own container; apps probe /healthz and /readiness", () => {
  for (const { pod, container } of containers()) {
    const at = `k8s/${pod.file} ${container.name}`;
    const names = (container.ports ?? []).map((p: K8sObject) => p.name);
    for (const probe of [container.livenessProbe, container.readinessProbe].filter(Boolean)) {
      const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
      assert.ok(names.includes(port), `${at}: probe port ${port}`);
    }
    if (appContainers(pod.spec, APP_IMAGE).includes(container) && container.livenessProbe) {
      assert.deepEqual(container.livenessProbe.httpGet, { path: "/healthz", port: "health" }, at);
      assert.deepEqual(container.readinessProbe.httpGet, { path: "/readiness", port: "health" }, at);
    }
  }
  const unprobed = containers().filter(({ container }) =>
    !container.livenessProbe || !container.readinessProbe
  );
  assert.deepEqual(
    unprobed.map(({ pod }) => pod.file),
    ["pods/monolith.yaml"],
    "only the course's first pod",
  );
});

Deno.test("app containers' args parse with the binary's flag parser and match their ports and grace period", () => {
  let checked = 0;
  for (const pod of pods) {
    for (const container of appContainers(pod.spec, APP_IMAGE)) {
      const at = `k8s/${pod.file} ${container.name}`;
      const [mode, ...flags] = container.args as string[];
      assert.ok(["monolith", "auth", "hello"].includes(mode), `${at}: mode ${mode}`);
      const parsed = parseServeConfig(flags, () => undefined, () => "secret from the mounted file");
      assert.equal(parsed.help, false);
      if (parsed.help) continue;
      const { config } = parsed;
      const portOf = (name: string) => container.ports.find((p: K8sObject) => p.name === name)?.containerPort;
      assert.equal(config.http.port, portOf("http"), `${at}: -http port`);
      assert.equal(config.health.port, portOf("health"), `${at}: -health port`);
      assert.equal(config.health.hostname, "0.0.0.0", `${at}: the kubelet reaches the health port`);
      assert.equal(config.secretSource, "file", at);
      const graceMs = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      assert.ok(
        graceMs > config.drainMs + config.shutdownTimeoutMs,
        `${at}: grace > drain + shutdown-timeout`,
      );
      assert.ok(config.drainMs > 0, `${at}: drains before closing`);
      checked++;
    }
  }
  assert.equal(checked, 5, "auth, hello and the three monolith pods");
});

Deno.test("nginx containers' preStop sleep fits their grace period", () => {
  for (const { pod, container } of containers().filter(({ container }) => container.name === "nginx")) {
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    assert.equal(sleep, "sleep");
    assert.ok((pod.spec.terminationGracePeriodSeconds ?? 30) > Number(seconds) + 5, `k8s/${pod.file}`);
  }
});

Deno.test("image names agree: one app image at deno.json's version, one pinned nginx image", () => {
  const images = new Set(containers().map(({ container }) => container.image));
  assert.deepEqual([...images].sort(), [
    "nginxinc/nginx-unprivileged:1.28.0-alpine",
    `${APP_IMAGE}:${denoConfig.version}`,
  ]);
});

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
  for (const { pod, container } of containers()) {
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
  for (const { pod, container } of containers().filter(({ container }) => container.name === "nginx")) {
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
      "secrets/tls-certs",
      "configmaps/nginx-frontend-conf",
      "configmaps/nginx-proxy-conf",
    ]
  ) {
    assert.ok(deleted.has(name), name);
  }
});
