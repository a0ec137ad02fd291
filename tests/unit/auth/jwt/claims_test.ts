import assert from "node:assert/strict";
import {
  cacheWindow,
  checkClaims,
  CLOCK_TOLERANCE_MS,
  ISSUER,
  newClaims,
  TOKEN_LIFETIME_S,
} from "../../../../src/auth/jwt/claims.ts";

const NOW_MS = 1_800_000_000_000; // an injected clock: 2027-01-15
const NOW_S = NOW_MS / 1000;
const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  email: "user@example.com",
  exp: NOW_S + 3600,
  iat: NOW_S,
  iss: ISSUER,
  sub: "user",
  ...overrides,
});

Deno.test("claims: a new token's claims, in the Go original's key order, live 72 hours", () => {
  const claims = newClaims({ name: "user", email: "user@example.com" }, NOW_MS + 999);
  assert.deepEqual(Object.keys(claims), ["email", "exp", "iat", "iss", "sub"]);
  assert.equal(claims.iat, NOW_S, "whole seconds, rounded down");
  assert.equal(claims.exp - claims.iat, 72 * 3600);
  assert.equal(TOKEN_LIFETIME_S, 72 * 3600);
  assert.deepEqual(claims, {
    email: "user@example.com",
    exp: NOW_S + 259200,
    iat: NOW_S,
    iss: ISSUER,
    sub: "user",
  });
  assert.ok(checkClaims({ ...claims }, NOW_MS), "a fresh token passes its own checks");
});

Deno.test("claims: checkClaims accepts what is valid now, within 30 s of clock skew", async (t) => {
  const cases: [string, Record<string, unknown>, number][] = [
    ["plain valid claims", valid(), NOW_MS],
    ["expired less than the tolerance ago", valid({ exp: NOW_S - 29 }), NOW_MS],
    ["expiring exactly at the tolerance", valid({ exp: NOW_S }), NOW_MS + CLOCK_TOLERANCE_MS],
    ["nbf in the past", valid({ nbf: NOW_S - 10 }), NOW_MS],
    ["nbf less than the tolerance ahead", valid({ nbf: NOW_S + 29 }), NOW_MS],
    ["iat less than the tolerance ahead", valid({ iat: NOW_S + 29 }), NOW_MS],
    ["no iat at all", (({ iat: _, ...rest }) => rest)(valid()), NOW_MS],
    ["extra claims", valid({ role: "admin", aud: "x" }), NOW_MS],
  ];
  for (const [name, payload, at] of cases) {
    await t.step(name, () => {
      const claims = checkClaims(payload, at);
      assert.ok(claims);
      assert.equal(claims.sub, payload.sub);
      assert.ok(Object.isFrozen(claims), "verified claims cannot be altered by a caller");
    });
  }
});

Deno.test("claims: checkClaims refuses expired, premature, foreign or malformed claims", async (t) => {
  const cases: [string, Record<string, unknown>, number][] = [
    ["expired just past the tolerance", valid({ exp: NOW_S }), NOW_MS + CLOCK_TOLERANCE_MS + 1],
    ["no exp", (({ exp: _, ...rest }) => rest)(valid()), NOW_MS],
    ["exp as a string", valid({ exp: String(NOW_S + 3600) }), NOW_MS],
    ["exp null", valid({ exp: null }), NOW_MS],
    ["another issuer", valid({ iss: "evil.service" }), NOW_MS],
    ["no issuer", valid({ iss: undefined }), NOW_MS],
    ["sub not a string", valid({ sub: 7 }), NOW_MS],
    ["no sub", valid({ sub: undefined }), NOW_MS],
    ["nbf beyond the tolerance", valid({ nbf: NOW_S + 31 }), NOW_MS],
    ["nbf present but not a number", valid({ nbf: "0" }), NOW_MS],
    ["nbf null", valid({ nbf: null }), NOW_MS],
    ["issued beyond the tolerance in the future", valid({ iat: NOW_S + 31 }), NOW_MS],
    ["iat present but not a number", valid({ iat: "now" }), NOW_MS],
  ];
  for (const [name, payload, at] of cases) {
    await t.step(name, () => assert.equal(checkClaims(payload, at), undefined));
  }
});

Deno.test("claims: cacheWindow spans nbf to exp, each widened by the tolerance", async (t) => {
  await t.step("without nbf: from the epoch", () => {
    const claims = checkClaims(valid(), NOW_MS)!;
    assert.deepEqual(cacheWindow(claims), [0, (NOW_S + 3600) * 1000 + CLOCK_TOLERANCE_MS]);
  });
  await t.step("with nbf", () => {
    const claims = checkClaims(valid({ nbf: NOW_S - 60 }), NOW_MS)!;
    assert.deepEqual(cacheWindow(claims), [
      (NOW_S - 60) * 1000 - CLOCK_TOLERANCE_MS,
      (NOW_S + 3600) * 1000 + CLOCK_TOLERANCE_MS,
    ]);
  });
  await t.step("the window ends exactly where checkClaims starts refusing", () => {
    const claims = checkClaims(valid(), NOW_MS)!;
    const [, until] = cacheWindow(claims);
    assert.ok(checkClaims(valid(), until));
    assert.equal(checkClaims(valid(), until + 1), undefined);
  });
});
