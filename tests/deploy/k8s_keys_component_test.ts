import assert from "node:assert/strict";
import { stepPlainManifestChecks } from "../support/k8s_all_checks.ts";
import { parseServeConfig, type ServeConfig } from "../../src/cli/config.ts";
import { appContainers, type K8sObject, type Manifest, renderKustomization } from "../support/k8s.ts";
import {
  differingPaths,
  ingressTo,
  named,
  PRODUCTION_KEYS,
  renderKeys,
  renderProduction,
} from "../support/k8s_overlay.ts";
import { needs } from "../../scripts/lib/tools.ts";

// The production overlay with the keys component (kustomize/overlays/production-keys), rendered
// with the real kubectl, offline. The keys overlay (kustomize/overlays/keys, the component over the
// course's base; k8s_keys_variant_test.ts) is the reference: production-keys must carry its flags
// and volumes, so the two cannot drift. No cluster: what the objects say, not how they run.
const KEY_FLAGS = new Set(["-secret", "-secret-file", "-signing-key", "-verify-key", "-jwks-url"]);
/** What the production overlay changes in a Deployment (tests/deploy/k8s_kustomize_test.ts). */
const PRODUCTION_PATCHES = ["spec.replicas", "spec.template.spec.topologySpreadConstraints"];
/** Production's patches of one Deployment only: auth requires the users Secret (no demo account). */
const PRODUCTION_PATCHES_OF: Record<string, string[]> = {
  auth: ["spec.template.spec.volumes.1.secret.optional"],
};

let rendering: Promise<Manifest[]> | undefined;
const renderOverlay = () => (rendering ??= renderKustomization(PRODUCTION_KEYS));

const appContainer = (deployment: K8sObject): K8sObject => {
  const [container] = appContainers(deployment.spec.template.spec);
  assert.ok(container, `${deployment.metadata.name} runs the app`);
  return container;
};

/** The token flags and their values, in order: `["-signing-key", "/etc/…"]`. */
function keyFlags(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => KEY_FLAGS.has(arg) ? [arg, args[i + 1]] : []);
}

/** The app container's args as the binary's flag parser reads them. */
function parsed(deployment: K8sObject): ServeConfig {
  const [, ...flags] = appContainer(deployment).args as string[];
  const result = parseServeConfig(flags, () => undefined, () => assert.fail("no secret file to read"));
  if (result.help) assert.fail(`${deployment.metadata.name}: args ask for help`);
  return result.config;
}

Deno.test({
  name:
    "kustomize/overlays/production-keys renders the production objects, and they pass the plain manifests' checks",
  ...needs("kubectl"),
  async fn(t) {
    const manifests = await renderOverlay();
    const ids = (list: Manifest[]) =>
      list.map(({ object }) => `${object.kind}/${object.metadata.name}`).sort();
    assert.deepEqual(ids(manifests), ids(await renderProduction()), "no object added or removed");
    await stepPlainManifestChecks(t, manifests);
  },
});

Deno.test({
  name: "auth and hello carry exactly the keys overlay's key flags, and only the production patches differ",
  ...needs("kubectl"),
  async fn(t) {
    const [manifests, keys] = [await renderOverlay(), await renderKeys()];
    for (const name of ["auth", "hello"]) {
      await t.step(name, () => {
        const rendered = named(manifests, "Deployment", name)!;
        const plain = named(keys, "Deployment", name)!;
        const args: string[] = appContainer(rendered).args;
        assert.equal(args[0], name);
        assert.deepEqual(keyFlags(args), keyFlags(appContainer(plain).args));
        assert.deepEqual(args, appContainer(plain).args, "every other flag as in the keys overlay");
        const [got, want] = [parsed(rendered), parsed(plain)];
        assert.equal(got.secretSource, "default", "no secret chosen: keys replace it");
        assert.equal(got.secretFile, undefined);
        assert.deepEqual(
          [got.signingKey, got.verifyKeys, got.jwksUrl],
          [want.signingKey, want.verifyKeys, want.jwksUrl],
        );
        const intended = [...PRODUCTION_PATCHES, ...(PRODUCTION_PATCHES_OF[name] ?? [])];
        assert.deepEqual(differingPaths(plain, rendered).sort(), intended.sort());
      });
    }
    const [auth, hello] = ["auth", "hello"].map((name) => parsed(named(manifests, "Deployment", name)!));
    assert.equal(auth.signingKey, "/etc/jwt-key/signing-key.pem");
    assert.equal(auth.jwksUrl, undefined);
    assert.equal(hello.signingKey, undefined);
    assert.equal(hello.jwksUrl, "http://auth/.well-known/jwks.json");
  },
});

Deno.test({
  name: "auth reads its signing key from the jwt-signing-key Secret, read-only; hello mounts no Secret",
  ...needs("kubectl"),
  async fn() {
    const manifests = await renderOverlay();
    const auth = named(manifests, "Deployment", "auth")!;
    const keyPath = parsed(auth).signingKey!;
    const mount = (appContainer(auth).volumeMounts as K8sObject[]).find((m) =>
      keyPath.startsWith(`${m.mountPath}/`)
    );
    assert.ok(mount, `${keyPath} is on a mounted volume`);
    assert.equal(mount.readOnly, true);
    const volume = (auth.spec.template.spec.volumes as K8sObject[]).find((v) => v.name === mount.name);
    assert.equal(volume?.secret?.secretName, "jwt-signing-key");
    assert.equal(volume.secret.optional, undefined, "auth does not start without its key");
    // `kubectl create secret generic jwt-signing-key --from-file=keys/signing-key.pem` names the key
    // after the file: the item the flag's path reads.
    const file = keyPath.slice(mount.mountPath.length + 1);
    assert.deepEqual(volume.secret.items, [{ key: "signing-key.pem", path: file }]);
    assert.equal(volume.secret.defaultMode, 0o440);
    const names = (appContainer(auth).volumeMounts as K8sObject[]).map((m) => m.name);
    assert.ok(!names.includes("jwt-secret"), "auth no longer mounts the shared secret");

    const hello = named(manifests, "Deployment", "hello")!;
    const volumes = hello.spec.template.spec.volumes as K8sObject[];
    assert.deepEqual(volumes.filter((v) => v.secret || v.projected), [], "hello mounts no Secret");
    assert.ok(!(appContainer(hello).volumeMounts as K8sObject[]).some((m) => m.name === "jwt-secret"));
    assert.ok(!(appContainer(hello).args as string[]).includes("-secret-file"));
  },
});

Deno.test({
  name: "the overlay lets hello's pods reach auth's http port for the JWK Set, and changes no other policy",
  ...needs("kubectl"),
  async fn() {
    const [keys, production] = [await renderOverlay(), await renderProduction()];
    for (const app of ["frontend", "hello"]) {
      assert.deepEqual(ingressTo(app, keys), ingressTo(app, production), app);
    }
    const before = ingressTo("auth", production).allowed;
    assert.deepEqual(
      ingressTo("auth", keys),
      { isolated: true, allowed: [...before, "http/TCP <- pods of hello"].sort() },
    );
    for (const { object } of keys.filter(({ object }) => object.kind === "NetworkPolicy")) {
      if (object.metadata.name === "auth") continue;
      assert.deepEqual(
        object,
        named(production, "NetworkPolicy", object.metadata.name),
        object.metadata.name,
      );
    }
    // hello's JWKS URL names the auth Service, whose targetPort is that http port.
    const url = new URL(parsed(named(keys, "Deployment", "hello")!).jwksUrl!);
    const service = named(keys, "Service", url.hostname)!;
    const port = (service.spec.ports as K8sObject[]).find((p) => p.port === Number(url.port || 80));
    assert.equal(port?.targetPort, "http");
  },
});
