import assert from "node:assert/strict";
import { createKeySigner } from "../../../src/keys/signer.ts";
import { createKeyVerifier, staticKeys } from "../../../src/keys/verifier.ts";
import { parseSigningKey, parseVerifyKey } from "../../../src/keys/key_files.ts";
import { importPublicJwk, jwkSet, thumbprint } from "../../../src/keys/jwk.ts";
import { b64url, claims, hmacToken, unsigned } from "../../support/jwt.ts";
import { headerFor, keyToken, testKey } from "../../support/key_jwt.ts";

const user = { name: "user", email: "user@example.com" };
const [ed, ec, stranger] = await Promise.all([testKey("EdDSA"), testKey("ES256"), testKey("EdDSA")]);
const verify = createKeyVerifier(staticKeys([ed.signing.public, ec.signing.public]), { cacheSize: 0 });

for (const key of [ed, ec]) {
  Deno.test(`${key.alg}: our signer's tokens verify, with the course's claims and a kid header`, async () => {
    const token = await createKeySigner(key.signing)(user);
    const [header, payload] = token.split(".").slice(0, 2).map((part) =>
      JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")))
    );
    assert.deepEqual(header, { alg: key.alg, kid: key.kid, typ: "JWT" });
    assert.deepEqual(Object.keys(payload), ["email", "exp", "iat", "iss", "sub"]);
    assert.equal((await verify(token))?.sub, "user");
  });
}

Deno.test("a reused token is answered from the cache, synchronously", async () => {
  const cached = createKeyVerifier(staticKeys([ed.signing.public]));
  const token = await createKeySigner(ed.signing)(user);
  assert.ok(cached(token) instanceof Promise);
  await cached(token);
  await cached(token); // admitted on its second sighting
  const hit = cached(token);
  assert.ok(!(hit instanceof Promise) && hit?.sub === "user");
});

Deno.test("the strict rules: the key's algorithm, our kids, no key-location headers, exp and iss", async (t) => {
  const good = claims();
  const cases: [string, Promise<string> | string][] = [
    ["unknown kid (a key of ours not configured)", keyToken(headerFor(stranger), good, stranger)],
    ["kid of ours, signed by another key", keyToken(headerFor(ed), good, stranger)],
    ["no kid", keyToken({ alg: "EdDSA", typ: "JWT" }, good, ed)],
    [
      "alg of the other key type (ES256 header, Ed25519 kid)",
      keyToken({ ...headerFor(ed), alg: "ES256" }, good, ed),
    ],
    ["alg none", `${unsigned({ alg: "none", kid: ed.kid }, good)}.`],
    ["alg RS256", keyToken({ ...headerFor(ed), alg: "RS256" }, good, ed)],
    [
      "HS256 keyed with our public key PEM",
      hmacToken({ alg: "HS256", kid: ed.kid, typ: "JWT" }, good, ed.publicPem),
    ],
    ["jku header", keyToken({ ...headerFor(ed), jku: "http://127.0.0.1:1/jwks.json" }, good, ed)],
    ["x5u header", keyToken({ ...headerFor(ed), x5u: "http://127.0.0.1:1/cert.pem" }, good, ed)],
    [
      "jwk header carrying the attacker's key",
      keyToken({ ...headerFor(stranger), jwk: stranger.signing.public.jwk }, good, stranger),
    ],
    ["crit header", keyToken({ ...headerFor(ed), crit: ["exp"] }, good, ed)],
    ["typ other than JWT", keyToken({ ...headerFor(ed), typ: "at+jwt" }, good, ed)],
    ["no exp", keyToken(headerFor(ed), { ...good, exp: undefined }, ed)],
    ["expired", keyToken(headerFor(ed), claims({ exp: Math.floor(Date.now() / 1000) - 60 }), ed)],
    ["another issuer", keyToken(headerFor(ed), claims({ iss: "evil" }), ed)],
    ["kid is not a string", keyToken({ ...headerFor(ed), kid: [ed.kid] }, good, ed)],
  ];
  for (const [name, token] of cases) {
    await t.step(name, async () => assert.equal(await verify(await token), undefined));
  }
  await t.step("control: the same token with our header verifies", async () => {
    assert.ok(await verify(await keyToken(headerFor(ed), good, ed)));
  });
});

Deno.test("one token, one spelling: a signature's unused low bits must be zero; tampering fails", async () => {
  const token = await keyToken(headerFor(ed), claims(), ed);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const last = alphabet.indexOf(token.slice(-1));
  for (const bits of [1, 2, 4, 8]) {
    assert.equal(await verify(token.slice(0, -1) + alphabet[last ^ bits]), undefined);
  }
  const [h, , s] = token.split(".");
  assert.equal(await verify(`${h}.${b64url(JSON.stringify(claims({ sub: "admin" })))}.${s}`), undefined);
});

Deno.test("keys: PEM files and JWKs agree; kid is the RFC 7638 thumbprint", async () => {
  // RFC 7638 section 3.1's example is RSA; RFC 8037 appendix A.3 gives an Ed25519 one.
  assert.equal(
    await thumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }),
    "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
  );
  const parsed = await parseVerifyKey(ed.publicPem);
  assert.equal(parsed.kid, ed.kid);
  const set = jwkSet([ed.signing.public, ec.signing.public, ed.signing.public]);
  assert.equal(set.keys.length, 2);
  for (const jwk of set.keys) {
    assert.ok(!("d" in jwk));
    assert.equal((await importPublicJwk(jwk)).kid, jwk.kid);
  }
  await assert.rejects(parseSigningKey(ed.publicPem), /want PRIVATE KEY/);
  await assert.rejects(parseVerifyKey(ed.privatePem), /want PUBLIC KEY/);
  await assert.rejects(parseVerifyKey("hello"), /not a PEM file/);
  await assert.rejects(importPublicJwk({ kty: "RSA", n: "x", e: "AQAB", kid: "r" }), /unsupported key type/);
  await assert.rejects(importPublicJwk({ ...ed.signing.public.jwk, alg: "ES256" }), /does not fit/);
  await assert.rejects(importPublicJwk({ ...ed.signing.public.jwk, d: "secret" }), /private key/);
});
