import assert from "node:assert/strict";
import denoConfig from "../../deno.json" with { type: "json" };
import { parseServeConfig } from "../../src/cli/config.ts";
import {
  appContainers,
  appImages,
  containersOf,
  type K8sObject,
  loadManifests,
  podSources,
  selects,
  splitImage,
} from "../support/k8s.ts";

const NGINX_IMAGE = "nginxinc/nginx-unprivileged:1.28.0-alpine";
const manifests = await loadManifests();
const pods = podSources(manifests);
const services = manifests.filter(({ object }) => object.kind === "Service");

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
  for (const { pod, container } of containersOf(pods)) {
    const at = `k8s/${pod.file} ${container.name}`;
    const names = (container.ports ?? []).map((p: K8sObject) => p.name);
    for (const probe of [container.livenessProbe, container.readinessProbe].filter(Boolean)) {
      const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
      assert.ok(names.includes(port), `${at}: probe port ${port}`);
    }
    if (appContainers(pod.spec).includes(container) && container.livenessProbe) {
      assert.deepEqual(container.livenessProbe.httpGet, { path: "/healthz", port: "health" }, at);
      assert.deepEqual(container.readinessProbe.httpGet, { path: "/readiness", port: "health" }, at);
    }
  }
  const unprobed = containersOf(pods).filter(({ container }) =>
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
    for (const container of appContainers(pod.spec)) {
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
  for (const { pod, container } of containersOf(pods).filter(({ container }) => container.name === "nginx")) {
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    assert.equal(sleep, "sleep");
    assert.ok((pod.spec.terminationGracePeriodSeconds ?? 30) > Number(seconds) + 5, `k8s/${pod.file}`);
  }
});

Deno.test("image names agree: one app image at deno.json's version, one pinned nginx image", () => {
  // Whatever registry the app image names (the placeholder, or yours after the README's sed),
  // every app container runs the same one, tagged with the version the image is built as.
  const [app, ...others] = appImages(manifests);
  assert.deepEqual(others, [], "every app container runs the same image");
  assert.ok(app, "app containers found");
  const images = new Set(containersOf(pods).map(({ container }) => container.image));
  assert.deepEqual([...images].sort(), [`${app}:${denoConfig.version}`, NGINX_IMAGE].sort());
  for (const { pod, container } of containersOf(pods)) {
    const isApp = appContainers(pod.spec).includes(container);
    assert.equal(splitImage(container.image).repository === app, isApp, `k8s/${pod.file} ${container.name}`);
  }
});

Deno.test("behind an nginx sidecar the app drains one second longer than nginx's preStop sleep", () => {
  let checked = 0;
  for (const pod of pods) {
    const nginx = (pod.spec.containers as K8sObject[]).find((container) => container.name === "nginx");
    for (const container of nginx ? appContainers(pod.spec) : []) {
      const [, ...flags] = container.args as string[];
      const parsed = parseServeConfig(flags, () => undefined, () => "secret from the mounted file");
      if (parsed.help) assert.fail(`k8s/${pod.file}: args ask for help`);
      const sleepMs = Number(nginx!.lifecycle.preStop.exec.command[1]) * 1000;
      assert.equal(parsed.config.drainMs, sleepMs + 1000, `k8s/${pod.file}: nginx stops accepting first`);
      checked++;
    }
  }
  assert.equal(checked, 1, "secure-monolith");
});
