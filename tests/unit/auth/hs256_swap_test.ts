import assert from "node:assert/strict";
import { swappableHs256 } from "../../../src/auth/hs256_swap.ts";

const USER = { name: "user", email: "user@example.com" };

/** A swappable service that records how each check ended. */
function recorded(secret: string | string[]) {
  const checks: string[] = [];
  const tokens = swappableHs256({ secret, onCheck: (result) => checks.push(result) });
  return { tokens, checks };
}

Deno.test("hs256 swap: a token cached as valid under a secret fails once a swap removes that secret", () => {
  const { tokens, checks } = recorded("old");
  const token = tokens.sign(USER);
  for (let i = 0; i < 3; i++) assert.equal(tokens.verify(token)?.sub, "user");
  assert.equal(checks.at(-1), "cached", "the token was answered from the cache before the swap");
  tokens.swap(["new"]);
  assert.equal(tokens.verify(token), undefined);
  assert.equal(checks.at(-1), "invalid");
});

Deno.test("hs256 swap: the first new secret signs, the others still verify", () => {
  const { tokens } = recorded("old");
  const before = tokens.sign(USER);
  tokens.swap(["new", "old"]);
  const after = tokens.sign(USER);
  assert.notEqual(after.split(".")[2], before.split(".")[2]);
  assert.equal(tokens.verify(before)?.sub, "user");
  tokens.swap(["new"]);
  assert.equal(tokens.verify(before), undefined);
  assert.equal(tokens.verify(after)?.sub, "user");
});

Deno.test("hs256 swap: the cache is not shared across a swap, even to the same secrets", () => {
  const { tokens, checks } = recorded(["a", "b"]);
  const token = tokens.sign(USER);
  tokens.verify(token);
  tokens.verify(token);
  tokens.verify(token);
  assert.equal(checks.at(-1), "cached");
  tokens.swap(["a", "b"]);
  tokens.verify(token);
  assert.equal(checks.at(-1), "valid", "checked afresh under the new service");
});

Deno.test("hs256 swap: the clock and the check counter survive a swap", () => {
  let nowMs = Date.UTC(2026, 0, 1);
  const checks: string[] = [];
  const tokens = swappableHs256({ secret: "s", now: () => nowMs, onCheck: (result) => checks.push(result) });
  const token = tokens.sign(USER);
  tokens.swap(["s"]);
  nowMs += 73 * 3600 * 1000; // past the 72 h lifetime on the injected clock
  assert.equal(tokens.verify(token), undefined);
  assert.deepEqual(checks, ["invalid"]);
});
