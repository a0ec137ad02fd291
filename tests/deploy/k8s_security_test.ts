import assert from "node:assert/strict";
import { type K8sObject, loadManifests, podSources } from "../support/k8s.ts";

// The Pod Security Standards "restricted" profile, checked field by field for every pod spec.
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

Deno.test("every pod meets the Pod Security Standards restricted profile", async () => {
  const pods = podSources(await loadManifests());
  assert.ok(pods.length >= 6);
  for (const { file, spec } of pods) {
    const where = `k8s/${file}`;
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
      assert.notEqual(spec[field], true, `${where}: ${field}`);
    }
    for (const volume of spec.volumes ?? []) {
      const types = Object.keys(volume).filter((key) => key !== "name");
      assert.ok(
        types.every((type) => RESTRICTED_VOLUME_TYPES.has(type)),
        `${where}: volume ${volume.name} ${types}`,
      );
    }
    const pod = spec.securityContext ?? {};
    for (const container of [...spec.containers, ...(spec.initContainers ?? [])] as K8sObject[]) {
      const at = `${where} container ${container.name}`;
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
      assert.ok(
        container.resources?.requests?.memory && container.resources?.limits?.memory,
        `${at}: memory`,
      );
      assert.ok(container.resources?.requests?.cpu && container.resources?.limits?.cpu, `${at}: cpu`);
      assert.match(String(container.image), /:[\w.-]+$/, `${at}: image pinned to a tag`);
      assert.doesNotMatch(String(container.image), /:latest$/, `${at}: not :latest`);
    }
    assert.equal(
      spec.automountServiceAccountToken,
      false,
      `${where}: no API token for a service that never calls the API`,
    );
  }
});

Deno.test("the JWT secret comes from the jwt-secret Secret, never from a literal", async () => {
  for (const { file, spec } of podSources(await loadManifests())) {
    for (const container of spec.containers as K8sObject[]) {
      const args: string[] = container.args ?? [];
      if (!["monolith", "auth", "hello"].includes(args[0])) continue;
      const at = `k8s/${file} container ${container.name}`;
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
      assert.equal(mount?.readOnly, true);
    }
  }
});
