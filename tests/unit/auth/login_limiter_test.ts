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

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

Deno.test("login limiter eviction: a flood of distinct clients stays within capacity and never frees a blocked one", () => {
  const { clock, limiter: l } = limiter(3, 60_000, 1_000);
  for (let i = 0; i < 3; i++) l.admit("attacker");
  assert.equal(l.admit("attacker").allowed, false);
  for (let i = 0; i < 100_000; i++) {
    clock.ms += 0.5; // 50 s in all: within the attacker's window
    l.admit(ip(i));
  }
  assert.equal(l.size, 1_000);
  assert.equal(l.admit("attacker").allowed, false, "still blocked after 100 times the capacity");
});

Deno.test("login limiter eviction: the longest quiet unblocked client goes first; a blocked one whose window ended is like any other", async (t) => {
  await t.step(
    "a client below the limit is forgotten after `capacity` newer clients (the documented cost)",
    () => {
      const { clock, limiter: l } = limiter(3, 60_000, 100);
      l.admit("patient");
      l.admit("patient"); // two of three
      clock.ms += 1;
      for (let i = 0; i < 99; i++) l.admit(ip(i));
      l.admit("patient"); // its third failure is still remembered: 100 clients fit
      assert.equal(l.admit("patient").allowed, false);
      const { clock: c2, limiter: l2 } = limiter(3, 60_000, 100);
      l2.admit("patient");
      l2.admit("patient");
      c2.ms += 1;
      for (let i = 0; i < 100; i++) l2.admit(ip(i));
      l2.admit("patient");
      assert.equal(l2.admit("patient").allowed, true, "forgotten: its count started again");
    },
  );
  await t.step("a blocked client whose window has ended is forgotten before a newer unblocked one", () => {
    const { clock, limiter: l } = limiter(1, 60_000, 3);
    l.admit("old");
    clock.ms += 60_000; // "old"'s window is over
    l.admit("a");
    l.admit("b");
    l.admit("c"); // full: "old" goes, not "a"
    assert.equal(l.admit("a").allowed, false, "a is still remembered and blocked");
    assert.equal(l.admit("old").allowed, true);
  });
  await t.step(
    "when every client remembered is blocked, the one blocked longest goes and the new one counts",
    () => {
      const { clock, limiter: l } = limiter(1, 60_000, 3);
      for (const name of ["x", "y", "z"]) {
        l.admit(name);
        clock.ms += 1_000;
      }
      l.admit("new");
      assert.equal(l.size, 3);
      assert.equal(l.admit("new").allowed, false, "the new client is counted");
      assert.equal(l.admit("y").allowed, false);
      assert.equal(l.admit("z").allowed, false);
      assert.equal(l.admit("x").allowed, true, "x, blocked longest, was forgotten");
    },
  );
});

Deno.test("login limiter: -login-failures 0 turns it off", () => {
  const { limiter: l } = limiter(0);
  for (let i = 0; i < 1_000; i++) assert.equal(l.admit("a").allowed, true);
  assert.equal(l.size, 0);
});
