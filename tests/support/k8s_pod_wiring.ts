/**
 * The pod wiring rules as functions over any list of pods, the one home of each: the plain
 * manifests (tests/deploy/k8s_crossref_test.ts) and what kustomize renders (k8s_overlay_test.ts)
 * are held to them. Probes, the app's args as its own flag parser reads them, grace periods and
 * images.
 * @module
 */
import assert from "node:assert/strict";
import denoConfig from "../../deno.json" with { type: "json" };
import { parseServeConfig } from "../../src/cli/config.ts";
import { appContainers, containersOf, type K8sObject, type PodSource, splitImage } from "./k8s.ts";

const NGINX_IMAGE = "nginxinc/nginx-unprivileged:1.28.0-alpine";

/**
 * Asserts every container has liveness and readiness probes on named ports of its own; the app's
 * probe /healthz and /readiness on `health`.
 */
export function assertProbes(pods: readonly PodSource[]): void {
  for (const { pod, container } of containersOf(pods)) {
    const at = `${pod.file} ${container.name}`;
    const names = (container.ports ?? []).map((p: K8sObject) => p.name);
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      assert.ok(probe, `${at}: liveness and readiness probes`);
      const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
      assert.ok(names.includes(port), `${at}: probe port ${port}`);
    }
    if (!appContainers(pod.spec).includes(container)) continue;
    assert.deepEqual(container.livenessProbe.httpGet, { path: "/healthz", port: "health" }, at);
    assert.deepEqual(container.readinessProbe.httpGet, { path: "/readiness", port: "health" }, at);
  }
}

/**
 * Asserts the app containers' args parse with the binary's flag parser and agree with their ports
 * and grace period; the secret comes from a file unless the container signs or verifies with keys.
 */
export function assertAppArgs(pods: readonly PodSource[]): void {
  for (const pod of pods) {
    for (const container of appContainers(pod.spec)) {
      const at = `${pod.file} ${container.name}`;
      const [mode, ...flags] = container.args as string[];
      assert.ok(["monolith", "auth", "hello"].includes(mode), `${at}: mode ${mode}`);
      const parsed = parseServeConfig(
        flags,
        () => undefined,
        () => "secret from the mounted file",
        mode as "monolith" | "auth" | "hello",
      );
      if (parsed.help) assert.fail(`${at}: args ask for help`);
      const { config } = parsed;
      const portOf = (name: string) => container.ports.find((p: K8sObject) => p.name === name)?.containerPort;
      assert.equal(config.http.port, portOf("http"), `${at}: -http port`);
      assert.equal(config.health.port, portOf("health"), `${at}: -health port`);
      assert.equal(config.health.hostname, "0.0.0.0", `${at}: the kubelet reaches the health port`);
      const keyed = config.signingKey !== undefined || config.jwksUrl !== undefined;
      assert.equal(config.secretSource, keyed ? "default" : "file", at);
      assert.ok(config.drainMs > 0, `${at}: drains before closing`);
      const graceMs = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      assert.ok(
        graceMs > config.drainMs + config.shutdownTimeoutMs,
        `${at}: grace > drain + shutdown-timeout`,
      );
    }
  }
}

/** Asserts every nginx container's preStop sleep leaves 5 s of its pod's grace period. */
export function assertPreStopFitsGrace(pods: readonly PodSource[]): void {
  for (const { pod, container } of containersOf(pods).filter(({ container }) => container.name === "nginx")) {
    const at = `${pod.file} ${container.name}`;
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    assert.equal(sleep, "sleep", at);
    assert.ok(
      (pod.spec.terminationGracePeriodSeconds ?? 30) > Number(seconds) + 5,
      `${at}: preStop sleep fits`,
    );
  }
}

/**
 * Asserts the images: one app image at deno.json's version, run by the app containers and only
 * them, and one pinned nginx image.
 */
export function assertImages(pods: readonly PodSource[]): void {
  // Whatever registry the app image names (the placeholder, or yours after the README's sed),
  // every app container runs the same one, tagged with the version the image is built as.
  const appImages = new Set(
    pods.flatMap((pod) => appContainers(pod.spec).map((container) => String(container.image))),
  );
  assert.equal(appImages.size, 1, `one app image: ${[...appImages]}`);
  const [appImage] = appImages;
  assert.ok(appImage.endsWith(`:${denoConfig.version}`), `${appImage} is tagged ${denoConfig.version}`);
  const images = new Set(containersOf(pods).map(({ container }) => container.image));
  assert.deepEqual([...images].sort(), [NGINX_IMAGE, appImage].sort());
  const app = splitImage(appImage).repository;
  for (const { pod, container } of containersOf(pods)) {
    const isApp = appContainers(pod.spec).includes(container);
    assert.equal(splitImage(container.image).repository === app, isApp, `${pod.file} ${container.name}`);
  }
}

/** Probes, app args, nginx's preStop and images: {@link assertProbes} to {@link assertImages}. */
export function assertPodWiring(pods: readonly PodSource[]): void {
  assertProbes(pods);
  assertAppArgs(pods);
  assertPreStopFitsGrace(pods);
  assertImages(pods);
}
