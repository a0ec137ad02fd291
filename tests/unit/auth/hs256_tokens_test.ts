import assert from "node:assert/strict";
import { createSigner, createVerifier } from "fast-jwt";
import {
  createHs256TokenService,
  ISSUER,
  MAX_TOKEN_LENGTH,
  TOKEN_LIFETIME_S,
} from "../../../src/auth/hs256_tokens.ts";
import goFixture from "../../fixtures/go-tokens.json" with { type: "json" };
import { b64url, hmacToken as forge, HS256 as HEADER, unsigned } from "../../support/jwt.ts";

const GO = goFixture.tokens;
const [{ token: GO_TOKEN, secret: SECRET, claims: CLAIMS }] = GO;
const GO_IAT = CLAIMS.iat;
const GO_EXP = CLAIMS.exp;
const USER = { name: "user", email: "user@example.com" };
const atIssue = () => createHs256TokenService({ secret: SECRET, now: () => GO_IAT * 1000 });

Deno.test("tokens issued by the Go auth service verify with the same secret, with their claims", async (t) => {
  for (const go of GO) {
    await t.step(`secret ${JSON.stringify(go.secret)}`, () => {
      const service = createHs256TokenService({ secret: go.secret, now: () => go.claims.iat * 1000 });
      assert.deepEqual({ ...service.verify(go.token) }, go.claims);
    });
  }
});

Deno.test("ours are byte-for-byte what the Go service signs at the same second", async (t) => {
  for (const go of GO) {
    await t.step(`secret ${JSON.stringify(go.secret)}`, () => {
      const service = createHs256TokenService({ secret: go.secret, now: () => go.claims.iat * 1000 });
      assert.equal(service.sign(USER), go.token);
    });
  }
});

Deno.test("the Go layout: HS256 header, five claims, 72 h lifetime", () => {
  const now = Date.UTC(2026, 10, 29, 12);
  const token = createHs256TokenService({ secret: "k", now: () => now }).sign(USER);
  const [header, payload] = token.split(".").slice(0, 2).map((part) =>
    JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")))
  );
  assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
  assert.deepEqual(payload, {
    email: "user@example.com",
    exp: now / 1000 + TOKEN_LIFETIME_S,
    iat: now / 1000,
    iss: ISSUER,
    sub: "user",
  });
});

Deno.test("a token signed with another secret is refused", () => {
  assert.equal(
    createHs256TokenService({ secret: "s3cr3t", now: () => GO_IAT * 1000 }).verify(GO_TOKEN),
    undefined,
  );
  assert.equal(atIssue().verify(forge(HEADER, CLAIMS, "other")), undefined);
});

Deno.test("a payload changed after signing is refused", () => {
  const [h, , s] = GO_TOKEN.split(".");
  const admin = b64url(JSON.stringify({ ...CLAIMS, sub: "admin" }));
  assert.equal(atIssue().verify(`${h}.${admin}.${s}`), undefined);
});

Deno.test("a token is accepted up to 30 s after exp and refused after that", () => {
  const at = (s: number) => createHs256TokenService({ secret: SECRET, now: () => s * 1000 });
  assert.notEqual(at(GO_EXP + 30).verify(GO_TOKEN), undefined);
  assert.equal(at(GO_EXP + 31).verify(GO_TOKEN), undefined);
});

Deno.test("a cached token is refused once it expires", () => {
  let nowMs = GO_IAT * 1000;
  const service = createHs256TokenService({ secret: SECRET, now: () => nowMs });
  assert.notEqual(service.verify(GO_TOKEN), undefined);
  assert.notEqual(service.verify(GO_TOKEN), undefined, "second look-up (from the cache) agrees");
  nowMs = (GO_EXP + 31) * 1000;
  assert.equal(service.verify(GO_TOKEN), undefined);
});

Deno.test("a refused token stays refused when presented again", () => {
  const service = atIssue();
  const tampered = GO_TOKEN.slice(0, -2) + (GO_TOKEN.endsWith("A") ? "BB" : "AA");
  for (let i = 0; i < 3; i++) assert.equal(service.verify(tampered), undefined);
  assert.notEqual(service.verify(GO_TOKEN), undefined);
});

Deno.test("tokens keep verifying when the cache is smaller than the set of tokens in use", () => {
  const service = createHs256TokenService({ secret: SECRET, now: () => GO_IAT * 1000, cacheSize: 2 });
  const tokens = ["a", "b", "c", "d"].map((sub) => forge(HEADER, { ...CLAIMS, sub }, SECRET));
  for (let round = 0; round < 3; round++) {
    for (const token of tokens) assert.notEqual(service.verify(token), undefined);
  }
});

Deno.test("the algorithm is pinned to HS256 and the header limited to alg and typ", async (t) => {
  const service = atIssue();
  const refused: [string, string][] = [
    ...["none", "HS384", "HS512", "RS256", "hs256"].map((alg) =>
      [`alg ${alg}`, forge({ alg, typ: "JWT" }, CLAIMS, SECRET)] as [string, string]
    ),
    ["alg none, no signature", `${unsigned({ alg: "none" }, CLAIMS)}.`],
    ...[{ kid: "1" }, { jku: "http://127.0.0.1/" }, { jwk: {} }, { crit: ["x"] }].map((extra) =>
      [`${Object.keys(extra)[0]} header`, forge({ ...HEADER, ...extra }, CLAIMS, SECRET)] as [string, string]
    ),
    ["typ JWS", forge({ alg: "HS256", typ: "JWS" }, CLAIMS, SECRET)],
  ];
  for (const [name, token] of refused) {
    await t.step(`refused: ${name}`, () => assert.equal(service.verify(token), undefined));
  }
  await t.step("accepted: alg HS256 without typ", () => {
    assert.notEqual(service.verify(forge({ alg: "HS256" }, CLAIMS, SECRET)), undefined);
  });
});

Deno.test("exp, iss and sub are required, with the right types and issuer", async (t) => {
  const service = atIssue();
  const without = (key: string) => Object.fromEntries(Object.entries(CLAIMS).filter(([k]) => k !== key));
  const refused: [string, unknown][] = [
    ["no exp", without("exp")],
    ["no iss", without("iss")],
    ["no sub", without("sub")],
    ["another issuer", { ...CLAIMS, iss: "evil.service" }],
    ["issuer in an array", { ...CLAIMS, iss: [ISSUER] }],
    ["numeric sub", { ...CLAIMS, sub: 1 }],
    ["exp as text", { ...CLAIMS, exp: String(GO_EXP) }],
    ["exp null", { ...CLAIMS, exp: null }],
    ["issued in the future", { ...CLAIMS, iat: GO_IAT + 3600 }],
    ["iat as text", { ...CLAIMS, iat: "now" }],
    ["not valid before an hour from now", { ...CLAIMS, nbf: GO_IAT + 3600 }],
  ];
  for (const [name, payload] of refused) {
    await t.step(
      `refused: ${name}`,
      () => assert.equal(service.verify(forge(HEADER, payload, SECRET)), undefined),
    );
  }
  const accepted: [string, unknown][] = [
    ["no iat", without("iat")],
    ["nbf in the past", { ...CLAIMS, nbf: GO_IAT - 10 }],
  ];
  for (const [name, payload] of accepted) {
    await t.step(
      `accepted: ${name}`,
      () => assert.notEqual(service.verify(forge(HEADER, payload, SECRET)), undefined),
    );
  }
});

Deno.test("malformed tokens are refused without throwing", async (t) => {
  const service = atIssue();
  const [h, p, s] = GO_TOKEN.split(".");
  const cases: [string, string][] = [
    ["empty", ""],
    ["one segment", "abc"],
    ["two segments", `${h}.${p}`],
    ["four segments", `${h}.${p}.${s}.${s}`],
    ["empty signature", `${h}.${p}.`],
    ["padded header", `${h}=.${p}.${s}`],
    ["padded signature", `${h}.${p}.${s}=`],
    ["space in the payload", `${h}.${p} .${s}`],
    ["header an array", `${b64url("[1]")}.${p}.${s}`],
    ["payload an array", forge(HEADER, [1, 2], SECRET)],
    ["payload a string", forge(HEADER, "text", SECRET)],
    ["header a string", forge("HS256", CLAIMS, SECRET)],
    ["header not JSON", `${b64url("{not json")}.${p}.${s}`],
    ["longer than MAX_TOKEN_LENGTH", "x".repeat(MAX_TOKEN_LENGTH + 1)],
  ];
  for (const [name, token] of cases) {
    await t.step(name, () => assert.equal(service.verify(token), undefined));
  }
});

Deno.test("fast-jwt, an independent maintained implementation, agrees with ours both ways", () => {
  const now = Date.UTC(2026, 10, 29, 12);
  const iat = now / 1000;
  const ours = createHs256TokenService({ secret: "oracle", now: () => now });
  const theirs = createVerifier({ key: "oracle", algorithms: ["HS256"], clockTimestamp: now });
  const token = ours.sign(USER);
  assert.equal(theirs(token).sub, "user", "fast-jwt accepts what we sign");
  const claims = { email: "user@example.com", exp: iat + 60, iat, iss: ISSUER, sub: "user" };
  const signed = createSigner({ key: "oracle", algorithm: "HS256", clockTimestamp: now })(claims);
  assert.deepEqual(ours.verify(signed), claims, "we accept what fast-jwt signs");
  const wrongKey = createSigner({ key: "not-oracle", algorithm: "HS256", clockTimestamp: now })(claims);
  assert.throws(() => theirs(wrongKey));
  assert.equal(ours.verify(wrongKey), undefined, "and we both refuse another key's signature");
});
