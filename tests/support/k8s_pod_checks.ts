/**
 * The pod-level rules as functions over any list of objects, the one home of each: the plain
 * manifests (tests/deploy/k8s_security_test.ts, k8s_crossref_test.ts) and what kustomize renders
 * (k8s_overlay_test.ts) are held to them. Pod Security Standards "restricted", token keys from
 * Secrets, labels and selectors, Services to named ports (probes, args, grace periods and images:
 * k8s_pod_wiring.ts).
 * @module
 */
import assert from "node:assert/strict";
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

/**
 * Asserts the app's token keys come from read-only Secret volumes, never from literals: the JWT
 * secret from `jwt-secret` (`-secret-file`), or in the keys variant auth's private key from
 * `jwt-signing-key` (`-signing-key`) and hello's public keys from auth (`-jwks-url`, no secret).
 */
export function assertJwtSecretFromSecret(pods: readonly PodSource[]): void {
  for (const { file, spec } of pods) {
    for (const container of appContainers(spec)) {
      const args: string[] = container.args ?? [];
      const at = `${file} container ${container.name}`;
      assert.ok(!args.some((arg) => /^--?secret(=|$)/.test(arg)), `${at}: -secret in args`);
      for (const env of container.env ?? []) {
        assert.ok(
          !/SECRET|KEY/.test(env.name) || env.valueFrom?.secretKeyRef,
          `${at}: ${env.name} is a literal`,
        );
      }
      const mounted = (flag: string, secretName: string) => {
        const fileArg = args[args.indexOf(flag) + 1];
        assert.ok(args.includes(flag) && fileArg, `${at}: ${flag}`);
        const mount = (container.volumeMounts as K8sObject[]).find((m) =>
          fileArg.startsWith(`${m.mountPath}/`)
        );
        const volume = (spec.volumes as K8sObject[]).find((v) => v.name === mount?.name);
        assert.equal(
          volume?.secret?.secretName,
          secretName,
          `${at}: ${fileArg} is in the ${secretName} volume`,
        );
        assert.equal(mount?.readOnly, true, `${at}: ${mount?.name} mounted read-only`);
      };
      if (args.includes("-signing-key")) mounted("-signing-key", "jwt-signing-key");
      else if (args.includes("-jwks-url")) {
        assert.ok(!args.includes("-secret-file"), `${at}: hello holds no secret`);
      } else mounted("-secret-file", "jwt-secret");
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
