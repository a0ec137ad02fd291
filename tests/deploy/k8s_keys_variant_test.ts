import assert from "node:assert/strict";
import { parseServeConfig } from "../../src/cli/config.ts";
import { type K8sObject, loadManifests, podSources, selects, topLevel } from "../support/k8s.ts";

const manifests = await loadManifests();
const variant = manifests.filter(({ file }) => file.startsWith("variants/keys/"));
const base = topLevel(manifests);

function argsOf(object: K8sObject): string[] {
  return object.spec.template.spec.containers[0].args;
}

Deno.test("the keys variant replaces exactly the auth and hello Deployments, outside kubectl create -f k8s", () => {
  assert.deepEqual(variant.map(({ object }) => `${object.kind}/${object.metadata.name}`).sort(), [
    "Deployment/auth",
    "Deployment/hello",
  ]);
  for (const { object } of variant) {
    const original = base.find((m) =>
      m.object.kind === "Deployment" && m.object.metadata.name === object.metadata.name
    );
    assert.ok(original, `${object.metadata.name} replaces a base Deployment`);
    // Same labels and selector, so the course's Services and the frontend keep finding the pods.
    assert.deepEqual(object.spec.selector, original.object.spec.selector);
    assert.deepEqual(object.spec.template.metadata.labels, original.object.spec.template.metadata.labels);
  }
});

Deno.test("in the keys variant auth signs with the Secret's private key and hello fetches the auth Service's JWKS", () => {
  const auth = variant.find(({ object }) => object.metadata.name === "auth")!.object;
  const hello = variant.find(({ object }) => object.metadata.name === "hello")!.object;
  const parse = (args: string[]) => {
    const parsed = parseServeConfig(
      args.slice(1),
      () => undefined,
      () => "unused",
      args[0] as "auth" | "hello",
    );
    assert.equal(parsed.help, false);
    return parsed.help ? undefined! : parsed.config;
  };
  const authConfig = parse(argsOf(auth));
  assert.equal(argsOf(auth)[0], "auth");
  assert.equal(authConfig.signingKey, "/etc/jwt-key/signing-key.pem");
  const helloConfig = parse(argsOf(hello));
  assert.equal(argsOf(hello)[0], "hello");
  assert.equal(helloConfig.secretFile, undefined, "hello holds no secret");
  assert.deepEqual(helloConfig.verifyKeys, []);
  const helloVolumes = (hello.spec.template.spec.volumes as K8sObject[]).filter((v) => v.secret);
  assert.deepEqual(helloVolumes, [], "hello mounts no Secret");

  // The URL names the auth Service, on a port that reaches the auth pods' http port.
  const url = new URL(helloConfig.jwksUrl!);
  assert.equal(url.pathname, "/.well-known/jwks.json");
  const service = base.find((m) => m.object.kind === "Service" && m.object.metadata.name === url.hostname)
    ?.object;
  assert.ok(service, `a Service named ${url.hostname}`);
  const port = (service.spec.ports as K8sObject[]).find((p) => p.port === Number(url.port || 80));
  assert.ok(port, `the ${url.hostname} Service serves port ${url.port || 80}`);
  const authPod = podSources(variant).find((pod) => pod.name === "auth")!;
  assert.ok(selects(service.spec.selector, authPod.labels), "the Service selects the variant's auth pods");
  const container = authPod.spec.containers[0];
  assert.ok(
    (container.ports as K8sObject[]).some((p) => p.name === port.targetPort),
    "targetPort is auth's http port",
  );
  assert.equal(authConfig.http.port, container.ports.find((p: K8sObject) => p.name === "http").containerPort);
});
