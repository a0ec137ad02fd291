import assert from "node:assert/strict";
import fc from "fast-check";
import { createKeyVerifier, staticKeys } from "../../../src/keys/verifier.ts";
import { b64url, claims, hmacToken } from "../../support/jwt.ts";
import { headerFor, keyToken, testKey } from "../../support/key_jwt.ts";

const [ed, ec] = await Promise.all([testKey("EdDSA"), testKey("ES256")]);
const verify = createKeyVerifier(staticKeys([ed.signing.public, ec.signing.public]), { cacheSize: 0 });
const RUNS = { numRuns: 500 };

const anyText = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme-ascii" }));
const jwtShaped = fc.tuple(fc.oneof(fc.json(), anyText), fc.oneof(fc.json(), anyText), anyText)
  .map(([h, p, s]) => `${b64url(h)}.${b64url(p)}.${b64url(s)}`);

Deno.test("key verify: arbitrary text and JWT-shaped strings never throw and never authenticate", async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(anyText, jwtShaped), async (token) => {
      assert.equal(await verify(token), undefined);
    }),
    RUNS,
  );
});

Deno.test("key verify: any header but exactly {alg of the key, kid of the key[, typ: JWT]} is refused, even signed by the key", async () => {
  const member = fc.oneof(
    fc.constantFrom("alg", "kid", "typ", "jku", "x5u", "jwk", "x5c", "crit", "b64", "cty"),
    fc.string(),
  );
  const value = fc.oneof(
    fc.constantFrom("EdDSA", "ES256", "HS256", "RS256", "none", "JWT", ed.kid, ec.kid),
    fc.jsonValue(),
  );
  const header = fc.dictionary(member, value).filter((h) => {
    const key = h.kid === ed.kid ? ed : h.kid === ec.kid ? ec : undefined;
    const exact = key !== undefined && h.alg === key.alg &&
      Object.keys(h).every((k) => k === "alg" || k === "kid" || (k === "typ" && h.typ === "JWT"));
    return !exact;
  });
  await fc.assert(
    fc.asyncProperty(header, fc.constantFrom(ed, ec), async (h, key) => {
      assert.equal(await verify(await keyToken(h, claims(), key)), undefined);
    }),
    RUNS,
  );
});

Deno.test("key verify: changing any character of a valid token invalidates it", async () => {
  for (const key of [ed, ec]) {
    const token = await keyToken(headerFor(key), claims(), key);
    assert.ok(await verify(token), "the control token must be valid");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    const edit = fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet))
      .filter(([at, ch]) => token[at] !== ch);
    await fc.assert(
      fc.asyncProperty(edit, async ([at, ch]) => {
        assert.equal(await verify(token.slice(0, at) + ch + token.slice(at + 1)), undefined);
      }),
      RUNS,
    );
  }
});

Deno.test("key verify: HS256 tokens keyed with anything, our public key material included, never authenticate", async () => {
  const secret = fc.oneof(
    fc.constantFrom(
      ed.publicPem,
      ec.publicPem,
      ed.signing.public.jwk.x,
      JSON.stringify(ed.signing.public.jwk),
    ),
    fc.string({ minLength: 1 }),
  );
  const kid = fc.constantFrom(ed.kid, ec.kid, undefined);
  await fc.assert(
    fc.asyncProperty(secret, kid, async (s, k) => {
      const header = k === undefined ? { alg: "HS256", typ: "JWT" } : { alg: "HS256", kid: k, typ: "JWT" };
      assert.equal(await verify(hmacToken(header, claims(), s)), undefined);
    }),
    RUNS,
  );
});
