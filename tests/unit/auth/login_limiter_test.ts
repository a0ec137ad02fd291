import assert from "node:assert/strict";
import {
  type Admitted,
  createLoginLimiter,
  MAX_HELD_BACK,
  type Refused,
} from "../../../src/auth/login_limiter.ts";
import { PasswordCheckUnavailable } from "../../../src/auth/password.ts";

function limiter(failures = 3, windowMs = 60_000, capacity = 100) {
  const clock = { ms: 1_000 };
  return { clock, limiter: createLoginLimiter({ failures, windowMs, capacity, now: () => clock.ms }) };
}

const admitted = (answer: Admitted | Refused): Admitted => {
  assert.ok(answer.allowed, "admitted");
  return answer;
};
/**
 * Whether `promise` has settled once the microtasks already queued have run: the limiter settles
 * admissions from plain promises (no timer, no I/O), so nothing else can settle it later.
 */
async function settled<T>(promise: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let state: { done: boolean; value?: T } = { done: false };
  promise.then((value) => (state = { done: true, value }), () => (state = { done: true }));
  // Ten turns of the microtask queue: ample for a promise settled through a short chain of awaits.
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  return state;
}

Deno.test("settled(): sees a promise settled through a chain of awaits, and not one that is pending", async () => {
  const chained = (async () => (await null, await Promise.resolve(), await Promise.reject(new Error("x"))))();
  assert.deepEqual(await settled(chained), { done: true });
  assert.deepEqual(await settled(Promise.resolve(1)), { done: true, value: 1 });
  assert.deepEqual(await settled(new Promise(() => {})), { done: false });
});

Deno.test("login limiter: N failures, then refused with Retry-After until the window ends, then allowed again", async () => {
  const { clock, limiter: l } = limiter(3, 60_000);
  for (let i = 0; i < 3; i++) admitted(await l.admit("a")).failed();
  clock.ms += 10_000;
  const refused = await l.admit("a");
  assert.deepEqual(refused, { allowed: false, retryAfterS: 50 });
  assert.equal((await l.admit("b")).allowed, true, "another client is not affected");
  clock.ms += 49_500;
  assert.deepEqual(await l.admit("a"), { allowed: false, retryAfterS: 1 }, "Retry-After rounds up, never 0");
  clock.ms += 500;
  assert.equal((await l.admit("a")).allowed, true, "the window has ended");
});

Deno.test("login limiter: successes never count, and do not wipe earlier failures", async () => {
  const { limiter: l } = limiter(3);
  for (let i = 0; i < 10; i++) admitted(await l.admit("a")).release();
  assert.equal(l.size, 0, "a client with only successes is not remembered");
  admitted(await l.admit("a")).failed();
  admitted(await l.admit("a")).failed();
  admitted(await l.admit("a")).release();
  admitted(await l.admit("a")).failed();
  assert.equal((await l.admit("a")).allowed, false, "the success in between did not reset the count");
});

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
type Limiter = ReturnType<typeof limiter>["limiter"];
/** One failed login of `client`. */
const fail = async (l: Limiter, client: string) => admitted(await l.admit(client)).failed();
/** Whether `client` would be let through now (a let-through login is released: it counts nothing). */
async function allowedNow(l: Limiter, client: string): Promise<boolean> {
  const answer = await l.admit(client);
  if (answer.allowed) answer.release();
  return answer.allowed;
}

Deno.test("login limiter eviction: a flood of distinct clients stays within capacity and never frees a blocked one", async () => {
  const { clock, limiter: l } = limiter(3, 60_000, 1_000);
  for (let i = 0; i < 3; i++) await fail(l, "attacker");
  assert.equal(await allowedNow(l, "attacker"), false);
  for (let i = 0; i < 100_000; i++) {
    clock.ms += 0.5; // 50 s in all: within the attacker's window
    await fail(l, ip(i));
  }
  assert.equal(l.size, 1_000);
  assert.equal(await allowedNow(l, "attacker"), false, "still blocked after 100 times the capacity");
});

Deno.test("login limiter eviction: the longest quiet unblocked client goes first; a blocked one whose window ended is like any other", async (t) => {
  await t.step(
    "a client below the limit is forgotten after `capacity` newer clients (the documented cost)",
    async () => {
      const { clock, limiter: l } = limiter(3, 60_000, 100);
      await fail(l, "patient");
      await fail(l, "patient"); // two of three
      clock.ms += 1;
      for (let i = 0; i < 99; i++) await fail(l, ip(i));
      await fail(l, "patient"); // its third failure is still remembered: 100 clients fit
      assert.equal(await allowedNow(l, "patient"), false);
      const { clock: c2, limiter: l2 } = limiter(3, 60_000, 100);
      await fail(l2, "patient");
      await fail(l2, "patient");
      c2.ms += 1;
      for (let i = 0; i < 100; i++) await fail(l2, ip(i));
      await fail(l2, "patient");
      assert.equal(await allowedNow(l2, "patient"), true, "forgotten: its count started again");
    },
  );
  await t.step(
    "a blocked client whose window has ended is forgotten before a newer unblocked one",
    async () => {
      const { clock, limiter: l } = limiter(1, 60_000, 3);
      await fail(l, "old");
      clock.ms += 60_000; // "old"'s window is over
      await fail(l, "a");
      await fail(l, "b");
      await fail(l, "c"); // full: "old" goes, not "a"
      assert.equal(await allowedNow(l, "a"), false, "a is still remembered and blocked");
      assert.equal(await allowedNow(l, "old"), true);
    },
  );
  await t.step(
    "when every client remembered is blocked, the one blocked longest goes and the new one counts",
    async () => {
      const { clock, limiter: l } = limiter(1, 60_000, 3);
      for (const name of ["x", "y", "z"]) {
        await fail(l, name);
        clock.ms += 1_000;
      }
      await fail(l, "new");
      assert.equal(l.size, 3);
      assert.equal(await allowedNow(l, "new"), false, "the new client is counted");
      assert.equal(await allowedNow(l, "y"), false);
      assert.equal(await allowedNow(l, "z"), false);
      assert.equal(await allowedNow(l, "x"), true, "x, blocked longest, was forgotten");
    },
  );
});

Deno.test("login limiter: 20 correct logins in flight at once from one client are all admitted (limit 3)", async () => {
  const { limiter: l } = limiter(3);
  const attempts = Array.from({ length: 20 }, () => l.admit("a"));
  const answers: Array<Admitted | Refused> = [];
  // Each success settles as soon as it is admitted; the ones held back go ahead as they do.
  await Promise.all(attempts.map((p) => p.then((a) => (answers.push(a), a.allowed && a.release()))));
  assert.equal(answers.filter((a) => a.allowed).length, 20);
  assert.equal(l.size, 0);
});

Deno.test("login limiter: 30 concurrent wrong guesses cannot overshoot a limit of 5: the rest wait, then get 429", async () => {
  const { limiter: l } = limiter(5);
  const attempts = Array.from({ length: 30 }, () => l.admit("a"));
  const first = await Promise.all(attempts.slice(0, 5));
  for (const p of attempts.slice(5)) {
    assert.equal((await settled(p)).done, false, "held back while 5 are in flight");
  }
  for (const attempt of first) admitted(attempt).failed();
  const rest = await Promise.all(attempts.slice(5));
  assert.equal(rest.filter((a) => a.allowed).length, 0, "the 5 failures used up the limit");
});

Deno.test("login limiter: a held-back login goes ahead when a check in flight succeeds, and is refused when one fails", async () => {
  const { limiter: l } = limiter(2);
  admitted(await l.admit("a")).failed();
  const inFlight = admitted(await l.admit("a"));
  const next = l.admit("a");
  assert.equal((await settled(next)).done, false, "1 failure + 1 in flight = the limit: wait");
  inFlight.release();
  const goes = admitted(await next);
  const after = l.admit("a");
  goes.failed();
  assert.deepEqual(await after, { allowed: false, retryAfterS: 60 });
});

Deno.test("login limiter: at most 32 logins of one client are held back; the next is busy (503), not a failure", async () => {
  const { limiter: l } = limiter(2);
  const inFlight = await Promise.all([l.admit("a"), l.admit("a")]);
  const held = Array.from({ length: MAX_HELD_BACK }, () => l.admit("a"));
  await assert.rejects(l.admit("a"), (e) => e instanceof PasswordCheckUnavailable && e.reason === "busy");
  assert.equal((await l.admit("b")).allowed, true, "another client is not affected");
  for (const attempt of inFlight) admitted(attempt).release();
  for (const attempt of held) admitted(await attempt).release();
});

Deno.test("login limiter: a flood of distinct clients stays within capacity, forgetting the longest quiet first", async () => {
  const { limiter: l } = limiter(1, 60_000, 1_000);
  admitted(await l.admit("attacker")).failed();
  assert.equal((await l.admit("attacker")).allowed, false);
  for (let i = 0; i < 100_000; i++) {
    const answer = await l.admit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    if (answer.allowed) answer.failed();
  }
  assert.equal(l.size, 1_000);
  assert.equal(
    (await l.admit("attacker")).allowed,
    true,
    "forgotten: the documented cost of a bounded memory",
  );
});

Deno.test("login limiter: -login-failures 0 turns it off", async () => {
  const { limiter: l } = limiter(0);
  for (let i = 0; i < 1_000; i++) admitted(await l.admit("a")).failed();
  assert.equal(l.size, 0);
});
