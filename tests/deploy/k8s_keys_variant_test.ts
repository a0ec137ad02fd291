import assert from "node:assert/strict";
import { parseServeConfig } from "../../src/cli/config.ts";
import { stepPlainManifestChecks } from "../support/k8s_all_checks.ts";
import {
  type K8sObject,
  loadManifests,
  type Manifest,
  podSources,
  selects,
  topLevel,
} from "../support/k8s.ts";
import { KEYS, named, renderKeys } from "../support/k8s_overlay.ts";
import { needs } from "../../scripts/lib/tools.ts";

// The keys variant is kustomize/overlays/keys: the course's stack (the base in k8s/) with the keys
// component. Rendered with the real kubectl, offline, and held to what the plain manifests are.
const KEY_FLAGS = new Set(["-secret", "-secret-file", "-signing-key", "-verify-key", "-jwks-url"]);
const KEY_VOLUMES = new Set(["jwt-secret", "jwt-signing-key"]);

const id = ({ object }: Manifest) => `${object.kind}/${object.metadata.name}`;

function argsOf(object: K8sObject): string[] {
  return object.spec.template.spec.containers[0].args;
}

/** A Deployment without its token flags, token volumes and their mounts: what the keys must not touch. */
function withoutKeys(deployment: K8sObject): K8sObject {
  const copy = structuredClone(deployment);
  const spec = copy.spec.template.spec;
  for (const container of spec.containers as K8sObject[]) {
    const args = (container.args ?? []) as string[];
    container.args = args.filter((arg, i) => !KEY_FLAGS.has(arg) && !KEY_FLAGS.has(args[i - 1]));
    container.volumeMounts = (container.volumeMounts ?? []).filter((m: K8sObject) =>
      !KEY_VOLUMES.has(m.name)
    );
  }
  spec.volumes = (spec.volumes ?? []).filter((v: K8sObject) => !KEY_VOLUMES.has(v.name));
  return copy;
}

Deno.test({
  name:
    "the keys variant replaces only the auth and hello Deployments' token flags and volumes, outside kubectl create -f k8s",
  ...needs("kubectl"),
  async fn() {
    const rendered = await renderKeys();
    const base = topLevel(await loadManifests());
    assert.deepEqual(rendered.map(id).sort(), base.map(id).sort(), `${KEYS}: the course's six objects`);
    for (const { object } of base) {
      const after = named(rendered, object.kind, object.metadata.name)!;
      if (object.kind === "Deployment" && ["auth", "hello"].includes(object.metadata.name)) {
        assert.notDeepEqual(argsOf(after), argsOf(object), `${object.metadata.name} changes`);
        // Same labels, selector, resources, probes, users mount, annotations: the plain tests' checks hold.
        assert.deepEqual(withoutKeys(after), withoutKeys(object), object.metadata.name);
      } else assert.deepEqual(after, object, `${object.kind}/${object.metadata.name} is the base's`);
    }
  },
});

Deno.test({
  name: "every object of the keys variant passes the checks the plain manifests pass",
  ...needs("kubectl"),
  async fn(t) {
    await stepPlainManifestChecks(t, await renderKeys());
  },
});

Deno.test({
  name:
    "in the keys variant auth signs with the Secret's private key and hello fetches the auth Service's JWKS",
  ...needs("kubectl"),
  async fn() {
    const rendered = await renderKeys();
    const auth = named(rendered, "Deployment", "auth")!;
    const hello = named(rendered, "Deployment", "hello")!;
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
    const service = named(rendered, "Service", url.hostname);
    assert.ok(service, `a Service named ${url.hostname}`);
    const port = (service.spec.ports as K8sObject[]).find((p) => p.port === Number(url.port || 80));
    assert.ok(port, `the ${url.hostname} Service serves port ${url.port || 80}`);
    const authPod = podSources(rendered).find((pod) => pod.name === "auth")!;
    assert.ok(selects(service.spec.selector, authPod.labels), "the Service selects the variant's auth pods");
    const container = authPod.spec.containers[0];
    assert.ok(
      (container.ports as K8sObject[]).some((p) => p.name === port.targetPort),
      "targetPort is auth's http port",
    );
    assert.equal(
      authConfig.http.port,
      container.ports.find((p: K8sObject) => p.name === "http").containerPort,
    );
  },
});

Deno.test("withoutKeys drops the token flags and volumes and nothing else", () => {
  const deployment = {
    spec: {
      template: {
        spec: {
          containers: [{
            args: ["auth", "-http", ":8080", "-secret-file", "/etc/jwt/secret", "-drain", "5s"],
            volumeMounts: [{ name: "jwt-secret" }, { name: "users" }],
          }],
          volumes: [{ name: "jwt-secret" }, { name: "users" }],
        },
      },
    },
  };
  const spec = withoutKeys(deployment).spec.template.spec;
  assert.deepEqual(spec.containers[0].args, ["auth", "-http", ":8080", "-drain", "5s"]);
  assert.deepEqual(spec.containers[0].volumeMounts, [{ name: "users" }]);
  assert.deepEqual(spec.volumes, [{ name: "users" }]);
});
