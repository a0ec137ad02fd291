import assert from "node:assert/strict";
import { buildApp } from "../../../src/http/app.ts";
import { jwks } from "../../../routes/jwks.ts";
import { routeDeps } from "../../support/route_deps.ts";

const PATH = "/.well-known/jwks.json";
const SET = {
  keys: [
    {
      kty: "OKP",
      crv: "Ed25519",
      x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
      kid: "k1",
      alg: "EdDSA",
      use: "sig",
    },
  ],
};

Deno.test("jwks: the key set as JSON, cacheable for five minutes", async () => {
  const app = buildApp([jwks], routeDeps({ jwks: SET }));
  const response = await app.request(PATH);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("cache-control"), "public, max-age=300");
  assert.deepEqual(await response.json(), SET);
});

Deno.test("jwks: 404 for a service that signs with a shared secret and has no public key", async () => {
  const app = buildApp([jwks], routeDeps());
  const response = await app.request(PATH);
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("cache-control"), null, "a 404 is not cached for five minutes");
  assert.equal(await response.text(), "404 page not found\n");
});

Deno.test("jwks: HEAD answers without a body, other methods 405", async (t) => {
  const app = buildApp([jwks], routeDeps({ jwks: SET }));
  await t.step("HEAD", async () => {
    const response = await app.request(PATH, { method: "HEAD" });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "");
  });
  for (const method of ["POST", "PUT", "DELETE"]) {
    await t.step(method, async () => {
      const response = await app.request(PATH, { method });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get("allow"), "GET, HEAD");
      await response.body?.cancel();
    });
  }
});

Deno.test("jwks: a client cannot alter the set served to the next one", async () => {
  const app = buildApp([jwks], routeDeps({ jwks: SET }));
  const first = await (await app.request(PATH)).json();
  first.keys.push({ kid: "injected" });
  assert.deepEqual(await (await app.request(PATH)).json(), SET);
});
