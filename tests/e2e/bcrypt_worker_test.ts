/**
 * The bcrypt worker thread and its client, for real: module loading (which needs read
 * permission, so this is not a unit test), the bounded queue, close() and a crashing worker.
 */
import assert from "node:assert/strict";
import { createBcryptWorkerClient, MAX_JOBS } from "../../src/auth/bcrypt_worker_client.ts";
import { PasswordCheckUnavailable } from "../../src/auth/password.ts";
import { COURSE_USERS } from "../../src/auth/accounts/course.ts";
import { runTestInChild } from "../support/child_test.ts";

const GO_HASH = COURSE_USERS.get("user")!.hash;

const unavailable = (reason: string) => (error: unknown) =>
  error instanceof PasswordCheckUnavailable && error.reason === reason;

Deno.test("bcrypt worker: verifies the Go service's cost-10 hash of 'password'", async () => {
  const bcrypt = createBcryptWorkerClient();
  try {
    assert.equal(await bcrypt.compare("password", GO_HASH), true);
    assert.equal(await bcrypt.compare("Password", GO_HASH), false);
    assert.equal(await bcrypt.compare("password", "not a hash"), false);
  } finally {
    bcrypt.close();
  }
});

Deno.test("bcrypt worker: the event loop keeps turning while a comparison runs", async () => {
  const bcrypt = createBcryptWorkerClient();
  try {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    await Promise.all([bcrypt.compare("password", GO_HASH), bcrypt.compare("password", GO_HASH)]);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A loop blocked by the comparisons ticks once at most, when they are done; a free one ticks
    // again and again (at least 10 times in the ~40 ms two comparisons take on a fast CPU; on a
    // slow or busy machine, more). Not a rate, which a noisy machine would make flaky.
    assert.ok(ticks >= 10, `${ticks} ticks in ${elapsed.toFixed(0)} ms`);
  } finally {
    bcrypt.close();
  }
});

Deno.test("bcrypt worker: an empty or NUL password never matches", async () => {
  const bcrypt = createBcryptWorkerClient();
  try {
    assert.deepEqual(
      await Promise.all([bcrypt.compare("", GO_HASH), bcrypt.compare("\0", GO_HASH)]),
      [false, false],
    );
  } finally {
    bcrypt.close();
  }
});

Deno.test(`bcrypt worker: at most ${MAX_JOBS} jobs queued or running; the next is refused as busy at once`, async () => {
  const bcrypt = createBcryptWorkerClient();
  try {
    // A malformed hash is answered without bcrypt work, so the full queue costs no time.
    const accepted = Array.from({ length: MAX_JOBS }, () => bcrypt.compare("password", "not a hash"));
    await assert.rejects(bcrypt.compare("password", GO_HASH), unavailable("busy"));
    assert.deepEqual(await Promise.all(accepted), Array(MAX_JOBS).fill(false));
    // Finished jobs free their places.
    assert.equal(await bcrypt.compare("password", GO_HASH), true);
  } finally {
    bcrypt.close();
  }
});

Deno.test("bcrypt worker: close() rejects waiting comparisons as closed, and later ones without a new worker", async () => {
  const bcrypt = createBcryptWorkerClient();
  const waiting = [bcrypt.compare("password", GO_HASH), bcrypt.compare("password", GO_HASH)];
  bcrypt.close();
  for (const job of waiting) await assert.rejects(job, unavailable("closed"));
  // A fresh worker here would keep the process alive; the test sanitizers would report it leaked.
  await assert.rejects(bcrypt.compare("password", GO_HASH), unavailable("closed"));
});

// A worker that really dies makes Deno print its error from the worker's thread: those tests run in a
// child `deno test`, whose output is shown only when they fail.
const CRASH_CASES = new URL("../fixtures/worker_crash_cases.ts", import.meta.url);
for (
  const name of [
    "bcrypt worker: a dead worker fails its waiting jobs as crashed, says so in one line, and is replaced",
    "/login: a dead bcrypt worker answers its waiting logins 503, and the next login works",
  ]
) {
  Deno.test(name, () => runTestInChild(CRASH_CASES, name));
}
