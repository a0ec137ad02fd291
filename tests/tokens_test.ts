import assert from "node:assert/strict";
import { createSigner, createVerifier } from "fast-jwt";
import { createTokenService, ISSUER, TOKEN_LIFETIME_S } from "../src/auth/tokens.ts";

interface GoToken {
  token: string;
  secret: string;
  claims: { email: string; exp: number; iat: number; iss: string; sub: string };
}

const goTokens: GoToken[] = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/go-tokens.json", import.meta.url)),
).tokens;
const USER = { name: "user", email: "user@example.com" };

Deno.test("tokens: tokens issued by the Go auth service verify with the same secret", () => {
  for (const go of goTokens) {
    const service = createTokenService({ secret: go.secret, now: () => go.claims.iat * 1000 });
    assert.deepEqual(service.verify(go.token), go.claims);
  }
});

Deno.test("tokens: ours are byte-for-byte what the Go service signs at the same second", () => {
  for (const go of goTokens) {
    const service = createTokenService({ secret: go.secret, now: () => go.claims.iat * 1000 });
    assert.equal(service.sign(USER), go.token);
  }
});

Deno.test("tokens: the Go layout - HS256 header, five claims, 72 h lifetime", () => {
  const now = Date.UTC(2026, 10, 29, 12);
  const token = createTokenService({ secret: "k", now: () => now }).sign(USER);
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

Deno.test("tokens: a different secret, an expired token or a tampered one is refused", () => {
  const go = goTokens[0];
  const at = (ms: number) => createTokenService({ secret: go.secret, now: () => ms });
  assert.equal(
    createTokenService({ secret: "not-it", now: () => go.claims.iat * 1000 }).verify(go.token),
    undefined,
  );
  assert.equal(at((go.claims.exp + 3600) * 1000).verify(go.token), undefined);
  const [h, p, s] = go.token.split(".");
  const edited = btoa(JSON.stringify({ ...go.claims, sub: "admin" })).replace(/=+$/, "");
  assert.equal(at(go.claims.iat * 1000).verify(`${h}.${edited}.${s}`), undefined);
  assert.equal(at(go.claims.iat * 1000).verify(`${h}.${p}.`), undefined);
  assert.equal(at(go.claims.iat * 1000).verify(""), undefined);
  assert.equal(at(go.claims.iat * 1000).verify("x".repeat(10_000)), undefined);
});

Deno.test("tokens: verification pins HS256 and requires exp and the issuer", () => {
  const now = Date.now();
  const service = createTokenService({ secret: "k", now: () => now });
  const iat = Math.floor(now / 1000);
  const claims = { email: "e", exp: iat + 60, iat, iss: ISSUER, sub: "user" };
  const hs = (payload: object, extra: object = {}) =>
    createSigner({ key: "k", algorithm: "HS256", header: { alg: "HS256", ...extra } })(payload);
  assert.ok(service.verify(hs(claims)), "a well-formed token is accepted");
  assert.equal(service.verify(createSigner({ key: "k", algorithm: "HS512" })(claims)), undefined, "HS512");
  assert.equal(service.verify(createSigner({ algorithm: "none" })(claims)), undefined, "alg none");
  const { exp: _exp, ...noExp } = claims;
  assert.equal(service.verify(hs(noExp)), undefined, "exp missing");
  assert.equal(service.verify(hs({ ...claims, iss: "evil" })), undefined, "wrong issuer");
  const { iss: _iss, ...noIss } = claims;
  assert.equal(service.verify(hs(noIss)), undefined, "issuer missing");
  assert.equal(service.verify(hs({ ...claims, iat: iat + 3600 })), undefined, "issued in the future");
  assert.equal(service.verify(hs({ ...claims, nbf: iat + 3600 })), undefined, "not before in the future");
  assert.equal(service.verify(hs(claims, { jku: "https://evil.example/keys" })), undefined, "jku header");
  assert.equal(service.verify(hs(claims, { kid: "1" })), undefined, "kid header");
});

Deno.test("tokens: a token in the verified-token cache still expires on time", () => {
  const go = goTokens[0];
  let nowMs = go.claims.iat * 1000;
  const service = createTokenService({ secret: go.secret, now: () => nowMs });
  assert.ok(service.verify(go.token));
  assert.ok(service.verify(go.token), "second look-up (from the cache) agrees");
  nowMs = (go.claims.exp + 60) * 1000;
  assert.equal(service.verify(go.token), undefined);
});

Deno.test("tokens: fast-jwt, an independent maintained implementation, agrees with ours both ways", () => {
  const now = Date.UTC(2026, 10, 29, 12);
  const iat = now / 1000;
  const ours = createTokenService({ secret: "oracle", now: () => now });
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
