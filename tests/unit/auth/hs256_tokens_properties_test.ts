import assert from "node:assert/strict";
import fc from "fast-check";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import { b64url, claims, hmacToken, HS256, unsigned } from "../../support/jwt.ts";
const SECRET = "property-test-secret";
const service = createHs256TokenService({ secret: SECRET });
const RUNS = { numRuns: 1000 };

/** Any string: printable, full Unicode, lone surrogates, control bytes. */
const anyText = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme-ascii" }));
/** Three dot-separated parts, each base64url of arbitrary JSON or text. */
const jwtShaped = fc.tuple(fc.oneof(fc.json(), anyText), fc.oneof(fc.json(), anyText), anyText)
  .map(([h, p, s]) => `${b64url(h)}.${b64url(p)}.${b64url(s)}`);

Deno.test("verify: arbitrary text and JWT-shaped strings never throw and never authenticate", () => {
  fc.assert(
    fc.property(fc.oneof(anyText, jwtShaped), (token) => {
      assert.equal(service.verify(token), undefined);
    }),
    RUNS,
  );
});

Deno.test("verify: any header other than exactly {alg: HS256[, typ: JWT]} is refused, even correctly signed", () => {
  const header = fc.dictionary(fc.string(), fc.jsonValue()).filter((h) =>
    !(h.alg === "HS256" && Object.keys(h).every((k) => k === "alg" || (k === "typ" && h.typ === "JWT")))
  );
  fc.assert(
    fc.property(header, (h) => {
      assert.equal(service.verify(hmacToken(h, claims(), SECRET)), undefined);
    }),
    RUNS,
  );
});

Deno.test("verify: arbitrary claims signed with another secret never authenticate", () => {
  const payload = fc.record({
    sub: fc.oneof(fc.string(), fc.jsonValue()),
    iss: fc.oneof(fc.constant("auth.service"), fc.string()),
    exp: fc.oneof(fc.integer(), fc.double(), fc.string()),
  }, { requiredKeys: [] });
  fc.assert(
    fc.property(payload, fc.string().filter((s) => s !== SECRET), (p, other) => {
      assert.equal(service.verify(hmacToken(HS256, p, other === "" ? "x" : other)), undefined);
    }),
    RUNS,
  );
});

Deno.test("verify: changing any character of a valid token invalidates it", () => {
  const token = hmacToken(HS256, claims(), SECRET);
  assert.ok(service.verify(token), "the control token must be valid");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
  const edit = fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet))
    .filter(([at, ch]) => token[at] !== ch);
  fc.assert(
    fc.property(edit, ([at, ch]) => {
      const changed = token.slice(0, at) + ch + token.slice(at + 1);
      assert.equal(
        createHs256TokenService({ secret: SECRET, cacheSize: 0 }).verify(changed),
        undefined,
        changed,
      );
    }),
    RUNS,
  );
});

Deno.test("verify: the three other spellings of a signature's last character are refused", () => {
  const token = hmacToken(HS256, claims(), SECRET);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const last = alphabet.indexOf(token.slice(-1));
  for (const bits of [1, 2, 3]) {
    const respelled = token.slice(0, -1) + alphabet[last ^ bits];
    assert.equal(service.verify(respelled), undefined, respelled);
  }
});

Deno.test("verify: alg none and unsigned tokens with any claims never authenticate", () => {
  fc.assert(
    fc.property(fc.constantFrom("none", "None", "NONE", "HS256", ""), fc.string(), (alg, sig) => {
      assert.equal(service.verify(`${unsigned({ alg, typ: "JWT" }, claims())}.${sig}`), undefined);
    }),
    RUNS,
  );
});
