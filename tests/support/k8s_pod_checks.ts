/**
 * The pod-level checks of tests/k8s_security_test.ts and tests/k8s_crossref_test.ts as functions
 * over any list of objects (the plain manifests or what kustomize renders): Pod Security Standards
 * "restricted", the JWT secret from its Secret, labels and selectors, Services to named ports,
 * probes, the app's args as its own flag parser reads them, grace periods and images.
 * @module
 */
import assert from "node:assert/strict";
import denoConfig from "../../deno.json" with { type: "json" };
import { parseServeConfig } from "../../src/cli/config.ts";
import {
  appContainers,
  containersOf,
  type K8sObject,
  type Manifest,
  type PodSource,
  selects,
} from "./k8s.ts";

const RESTRICTED_VOLUME_TYPES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

/** Asserts every pod spec meets the Pod Security Standards "restricted" profile, field by field. */
export function assertRestricted(pods: readonly PodSource[]): void {
  for (const { file, spec } of pods) {
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
      assert.notEqual(spec[field], true, `${file}: ${field}`);
    }
    for (const volume of spec.volumes ?? []) {
      const types = Object.keys(volume).filter((key) => key !== "name");
      assert.ok(
        types.every((type) => RESTRICTED_VOLUME_TYPES.has(type)),
        `${file}: volume ${volume.name} ${types}`,
      );
    }
    const pod = spec.securityContext ?? {};
    for (const container of [...spec.containers, ...(spec.initContainers ?? [])] as K8sObject[]) {
      const at = `${file} container ${container.name}`;
      const own = container.securityContext ?? {};
      assert.equal(own.runAsNonRoot ?? pod.runAsNonRoot, true, `${at}: runAsNonRoot`);
      const uid = own.runAsUser ?? pod.runAsUser;
      assert.ok(typeof uid === "number" && uid > 0, `${at}: runAsUser is a non-zero uid`);
      assert.equal(own.allowPrivilegeEscalation, false, `${at}: allowPrivilegeEscalation`);
      assert.notEqual(own.privileged, true, `${at}: privileged`);
      assert.deepEqual(own.capabilities?.drop, ["ALL"], `${at}: capabilities.drop`);
      assert.equal(own.capabilities?.add, undefined, `${at}: capabilities.add`);
      assert.equal((own.seccompProfile ?? pod.seccompProfile)?.type, "RuntimeDefault", `${at}: seccomp`);
      assert.equal(own.readOnlyRootFilesystem, true, `${at}: readOnlyRootFilesystem`);
      for (const port of container.ports ?? []) {
        assert.equal(port.hostPort, undefined, `${at}: hostPort`);
        assert.ok(port.containerPort >= 1024, `${at}: port ${port.containerPort} needs no privilege`);
      }
      const { requests, limits } = container.resources ?? {};
      assert.ok(requests?.memory && limits?.memory, `${at}: memory`);
      assert.ok(requests?.cpu && limits?.cpu, `${at}: cpu`);
      assert.match(String(container.image), /:[\w.-]+$/, `${at}: image pinned to a tag`);
      assert.doesNotMatch(String(container.image), /:latest$/, `${at}: not :latest`);
    }
    assert.equal(spec.automountServiceAccountToken, false, `${file}: no API token`);
  }
}

/** Asserts the app's containers read the JWT secret from a read-only jwt-secret Secret volume, never a literal. */
export function assertJwtSecretFromSecret(pods: readonly PodSource[]): void {
  for (const { file, spec } of pods) {
    for (const container of appContainers(spec)) {
      const args: string[] = container.args ?? [];
      const at = `${file} container ${container.name}`;
      assert.ok(!args.some((arg) => /^--?secret(=|$)/.test(arg)), `${at}: -secret in args`);
      for (const env of container.env ?? []) {
        assert.ok(!/SECRET/.test(env.name) || env.valueFrom?.secretKeyRef, `${at}: ${env.name} is a literal`);
      }
      const fileArg = args[args.indexOf("-secret-file") + 1];
      assert.ok(args.includes("-secret-file") && fileArg, `${at}: -secret-file`);
      const mount = (container.volumeMounts as K8sObject[]).find((m) =>
        fileArg.startsWith(`${m.mountPath}/`)
      );
      const volume = (spec.volumes as K8sObject[]).find((v) => v.name === mount?.name);
      assert.equal(volume?.secret?.secretName, "jwt-secret", `${at}: ${fileArg} is in the jwt-secret volume`);
      assert.equal(mount?.readOnly, true, at);
      const parsed = parseServeConfig(args.slice(1), () => undefined, () => "secret from the mounted file");
      assert.ok(
        !parsed.help && parsed.config.secretSource === "file",
        `${at}: the secret comes from the file`,
      );
    }
  }
}

/** Asserts the labels every object carries and that each Deployment's selector selects its own template. */
export function assertLabels(manifests: readonly Manifest[]): void {
  for (const { file, object } of manifests) {
    const labels = object.metadata.labels ?? {};
    assert.equal(labels["app.kubernetes.io/part-of"], "app", `${file}: part-of label`);
    if (labels.app !== undefined || object.kind === "Deployment" || object.kind === "Service") {
      assert.ok(labels.app, `${file}: app label`);
      assert.equal(labels["app.kubernetes.io/name"], labels.app, `${file}: name label`);
    }
    if (object.kind !== "Deployment") continue;
    const template = object.spec.template.metadata.labels;
    assert.ok(selects(object.spec.selector.matchLabels, template), `${file}: selector selects the template`);
    assert.equal(template.app, object.metadata.name, `${file}: app label`);
    assert.equal(template.track, "stable", `${file}: track label`);
    assert.equal(template["app.kubernetes.io/name"], template.app, `${file}: pod name label`);
  }
}

/** Asserts every Service selects pods, by named container ports that exist in each of them. */
export function assertServicesTargetNamedPorts(
  manifests: readonly Manifest[],
  pods: readonly PodSource[],
): void {
  for (const { file, object } of manifests.filter(({ object }) => object.kind === "Service")) {
    const matched = pods.filter((pod) => selects(object.spec.selector, pod.labels));
    assert.ok(matched.length > 0, `${file} selects no pod`);
    for (const pod of matched) {
      const names = containersOf([pod]).flatMap(({ container }) =>
        (container.ports ?? []).map((p: K8sObject) => p.name)
      );
      for (const port of object.spec.ports) {
        assert.equal(typeof port.targetPort, "string", `${file}: targetPort by name`);
        assert.ok(names.includes(port.targetPort), `${file}: ${port.targetPort} in ${pod.file}`);
      }
    }
  }
}

/**
 * Asserts probes use named ports of their own container (the app's: /healthz and /readiness on
 * `health`), app args parse with the binary's flag parser and agree with the ports and grace period
 * (where tokens are checked with: {@link assertJwtSecretFromSecret}, or the keys variant's test),
 * nginx's preStop sleep fits its grace period, and the images are the app's at deno.json's version
 * and one pinned nginx.
 */
export function assertPodWiring(pods: readonly PodSource[]): void {
  for (const { pod, container } of containersOf(pods)) {
    const at = `${pod.file} ${container.name}`;
    const names = (container.ports ?? []).map((p: K8sObject) => p.name);
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      assert.ok(probe, `${at}: liveness and readiness probes`);
      const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
      assert.ok(names.includes(port), `${at}: probe port ${port}`);
    }
    const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
    if (container.name === "nginx") {
      const [sleep, seconds] = container.lifecycle.preStop.exec.command;
      assert.equal(sleep, "sleep", at);
      assert.ok(grace > Number(seconds) + 5, `${at}: preStop sleep fits the grace period`);
    }
    if (!appContainers(pod.spec).includes(container)) continue;
    assert.deepEqual(container.livenessProbe.httpGet, { path: "/healthz", port: "health" }, at);
    assert.deepEqual(container.readinessProbe.httpGet, { path: "/readiness", port: "health" }, at);
    const [mode, ...flags] = container.args as string[];
    assert.ok(["monolith", "auth", "hello"].includes(mode), `${at}: mode ${mode}`);
    const parsed = parseServeConfig(flags, () => undefined, () => "secret from the mounted file");
    if (parsed.help) assert.fail(`${at}: args ask for help`);
    const { config } = parsed;
    const portOf = (name: string) => container.ports.find((p: K8sObject) => p.name === name)?.containerPort;
    assert.equal(config.http.port, portOf("http"), `${at}: -http port`);
    assert.equal(config.health.port, portOf("health"), `${at}: -health port`);
    assert.equal(config.health.hostname, "0.0.0.0", `${at}: the kubelet reaches the health port`);
    assert.ok(config.drainMs > 0, `${at}: drains before closing`);
    assert.ok(
      grace * 1000 > config.drainMs + config.shutdownTimeoutMs,
      `${at}: grace > drain + shutdown-timeout`,
    );
  }
  // Whatever registry the app image names (the placeholder, or yours after the README's sed),
  // every app container runs the same one, tagged with the version the image is built as.
  const appImages = new Set(
    pods.flatMap((pod) => appContainers(pod.spec).map((container) => String(container.image))),
  );
  assert.equal(appImages.size, 1, `one app image: ${[...appImages]}`);
  const [appImage] = appImages;
  assert.ok(appImage.endsWith(`:${denoConfig.version}`), `${appImage} is tagged ${denoConfig.version}`);
  const images = new Set(containersOf(pods).map(({ container }) => container.image));
  assert.deepEqual([...images].sort(), ["nginxinc/nginx-unprivileged:1.28.0-alpine", appImage].sort());
}
