import assert from "node:assert/strict";
import { createLoginLimiter } from "../../../src/auth/login_limiter.ts";

function limiter(failures = 3, windowMs = 60_000, capacity = 100) {
  const clock = { ms: 1_000 };
  return { clock, limiter: createLoginLimiter({ failures, windowMs, capacity, now: () => clock.ms }) };
}

Deno.test("login limiter: N failures, then refused with Retry-After until the window ends, then allowed again", () => {
  const { clock, limiter: l } = limiter(3, 60_000);
  for (let i = 0; i < 3; i++) assert.equal(l.admit("a").allowed, true);
  clock.ms += 10_000;
  const refused = l.admit("a");
  assert.deepEqual(refused, { allowed: false, retryAfterS: 50 });
  assert.equal(l.admit("b").allowed, true, "another client is not affected");
  clock.ms += 49_500;
  assert.deepEqual(l.admit("a"), { allowed: false, retryAfterS: 1 }, "Retry-After rounds up, never 0");
  clock.ms += 500;
  assert.equal(l.admit("a").allowed, true, "the window has ended");
});

Deno.test("login limiter: successes never count, and do not wipe earlier failures", () => {
  const { limiter: l } = limiter(3);
  for (let i = 0; i < 10; i++) {
    const attempt = l.admit("a");
    assert.ok(attempt.allowed);
    attempt.refund();
  }
  assert.equal(l.size, 0, "a client with only successes is not remembered");
  l.admit("a");
  l.admit("a");
  const success = l.admit("a");
  assert.ok(success.allowed);
  success.refund();
  assert.equal(l.admit("a").allowed, true, "third failure");
  assert.equal(l.admit("a").allowed, false, "the success in between did not reset the count");
});

Deno.test("login limiter: concurrent guesses cannot overshoot (each reserves a failure before bcrypt)", () => {
  const { limiter: l } = limiter(5);
  const admitted = Array.from({ length: 50 }, () => l.admit("a")).filter((a) => a.allowed);
  assert.equal(admitted.length, 5);
});

Deno.test("login limiter: a flood of distinct clients stays within capacity, forgetting the longest quiet first", () => {
  const { limiter: l } = limiter(1, 60_000, 1_000);
  l.admit("attacker");
  assert.equal(l.admit("attacker").allowed, false);
  for (let i = 0; i < 100_000; i++) l.admit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  assert.equal(l.size, 1_000);
  assert.equal(l.admit("attacker").allowed, true, "forgotten: the documented cost of a bounded memory");
});

Deno.test("login limiter: -login-failures 0 turns it off", () => {
  const { limiter: l } = limiter(0);
  for (let i = 0; i < 1_000; i++) assert.equal(l.admit("a").allowed, true);
  assert.equal(l.size, 0);
});
