import assert from "node:assert/strict";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { createTokenService, ISSUER, MAX_TOKEN_LENGTH } from "../../../src/auth/tokens.ts";

const GO_TOKEN =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InVzZXJAZXhhbXBsZS5jb20iLCJleHAiOjE3OTYyMDEyNDEsImlhdCI6MTc5NTk0MjA0MSwiaXNzIjoiYXV0aC5zZXJ2aWNlIiwic3ViIjoidXNlciJ9.UwsYL-FCC-iiBsCMR6zf4lson55cg0bKecioBbuMmH8";
const GO_IAT = 1795942041;
const GO_EXP = 1796201241;
const SECRET = "secret";
const encoder = new TextEncoder();

function b64url(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Signs any header and payload with HS256, so tests can build tokens the service must refuse. */
function forge(header: unknown, payload: unknown, secret = SECRET): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(hmac(sha256, encoder.encode(secret), encoder.encode(input)))}`;
}

const HEADER = { alg: "HS256", typ: "JWT" };
const CLAIMS = { email: "user@example.com", exp: GO_EXP, iat: GO_IAT, iss: ISSUER, sub: "user" };
const atIssue = () => createTokenService({ secret: SECRET, now: () => GO_IAT * 1000 });

Deno.test("a token signed by the Go original verifies, with its claims", () => {
  assert.deepEqual({ ...atIssue().verify(GO_TOKEN) }, CLAIMS);
});

Deno.test("signing the Go original's claims gives the Go original's bytes", () => {
  assert.equal(atIssue().sign({ name: "user", email: "user@example.com" }), GO_TOKEN);
});

Deno.test("a token signed with another secret is refused", () => {
  const service = createTokenService({ secret: "s3cr3t", now: () => GO_IAT * 1000 });
  assert.equal(service.verify(GO_TOKEN), undefined);
  assert.equal(atIssue().verify(forge(HEADER, CLAIMS, "other")), undefined);
});

Deno.test("a token is accepted up to 30 s after exp and refused after that", () => {
  const at = (s: number) => createTokenService({ secret: SECRET, now: () => s * 1000 });
  assert.notEqual(at(GO_EXP + 30).verify(GO_TOKEN), undefined);
  assert.equal(at(GO_EXP + 31).verify(GO_TOKEN), undefined);
});

Deno.test("a cached token is refused once it expires", () => {
  let nowMs = GO_IAT * 1000;
  const service = createTokenService({ secret: SECRET, now: () => nowMs });
  assert.notEqual(service.verify(GO_TOKEN), undefined);
  assert.notEqual(service.verify(GO_TOKEN), undefined);
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
  const service = createTokenService({ secret: SECRET, now: () => GO_IAT * 1000, cacheSize: 2 });
  const tokens = ["a", "b", "c", "d"].map((sub) => forge(HEADER, { ...CLAIMS, sub }));
  for (let round = 0; round < 3; round++) {
    for (const token of tokens) assert.notEqual(service.verify(token), undefined);
  }
});

Deno.test("the algorithm is pinned to HS256 and the header limited to alg and typ", () => {
  const service = atIssue();
  for (const alg of ["none", "HS384", "HS512", "RS256", "hs256"]) {
    assert.equal(service.verify(forge({ alg, typ: "JWT" }, CLAIMS)), undefined, alg);
  }
  const unsigned = `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(CLAIMS))}.`;
  assert.equal(service.verify(unsigned), undefined);
  for (const extra of [{ kid: "1" }, { jku: "http://127.0.0.1/" }, { jwk: {} }, { crit: ["x"] }]) {
    assert.equal(service.verify(forge({ ...HEADER, ...extra }, CLAIMS)), undefined, Object.keys(extra)[0]);
  }
  assert.equal(service.verify(forge({ alg: "HS256", typ: "JWS" }, CLAIMS)), undefined);
  assert.notEqual(service.verify(forge({ alg: "HS256" }, CLAIMS)), undefined);
});

Deno.test("exp, iss and sub are required, with the right types and issuer", () => {
  const service = atIssue();
  const without = (key: string) => Object.fromEntries(Object.entries(CLAIMS).filter(([k]) => k !== key));
  for (const key of ["exp", "iss", "sub"]) {
    assert.equal(service.verify(forge(HEADER, without(key))), undefined, key);
  }
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, iss: "evil.service" })), undefined);
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, iss: [ISSUER] })), undefined);
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, sub: 1 })), undefined);
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, exp: String(GO_EXP) })), undefined);
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, exp: null })), undefined);
  assert.notEqual(service.verify(forge(HEADER, without("iat"))), undefined);
});

Deno.test("tokens issued in the future or not yet valid are refused", () => {
  const service = atIssue();
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, iat: GO_IAT + 3600 })), undefined);
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, iat: "now" })), undefined);
  assert.equal(service.verify(forge(HEADER, { ...CLAIMS, nbf: GO_IAT + 3600 })), undefined);
  assert.notEqual(service.verify(forge(HEADER, { ...CLAIMS, nbf: GO_IAT - 10 })), undefined);
});

Deno.test("malformed tokens are refused without throwing", () => {
  const service = atIssue();
  const [h, p, s] = GO_TOKEN.split(".");
  const cases = [
    "",
    "abc",
    `${h}.${p}`,
    `${h}.${p}.${s}.${s}`,
    `${h}.${p}.`,
    `${h}=.${p}.${s}`,
    `${h}.${p}.${s}=`,
    `${h}.${p} .${s}`,
    `${b64url("[1]")}.${p}.${s}`,
    forge(HEADER, [1, 2]),
    forge(HEADER, "text"),
    forge("HS256", CLAIMS),
    `${b64url("{not json")}.${p}.${s}`,
    "x".repeat(MAX_TOKEN_LENGTH + 1),
  ];
  for (const token of cases) assert.equal(service.verify(token), undefined, token.slice(0, 80));
});

Deno.test("a payload changed after signing is refused", () => {
  const [h, , s] = GO_TOKEN.split(".");
  const admin = b64url(JSON.stringify({ ...CLAIMS, sub: "admin" }));
  assert.equal(atIssue().verify(`${h}.${admin}.${s}`), undefined);
});
