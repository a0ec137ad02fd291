import assert from "node:assert/strict";
import { createBcryptPool } from "../src/bcrypt_pool.ts";
import { COURSE_USERS, createPasswordCheck } from "../src/users.ts";

const GO_HASH = COURSE_USERS.get("user")!.hash;

Deno.test("bcrypt pool: verifies the Go service's cost-10 hash of 'password'", async () => {
  const pool = createBcryptPool();
  try {
    assert.equal(await pool.compare("password", GO_HASH), true);
    assert.equal(await pool.compare("Password", GO_HASH), false);
    assert.equal(await pool.compare("password", "not a hash"), false);
  } finally {
    pool.close();
  }
});

Deno.test("bcrypt pool: the event loop keeps turning while a comparison runs", async () => {
  const pool = createBcryptPool();
  try {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    await Promise.all([pool.compare("password", GO_HASH), pool.compare("password", GO_HASH)]);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A blocked loop would tick ~once; a free one ticks for a good share of the elapsed time.
    assert.ok(ticks > elapsed / 10, `${ticks} ticks in ${elapsed.toFixed(0)} ms`);
  } finally {
    pool.close();
  }
});

Deno.test("password check: the course's user logs in; others and over-long passwords do not", async () => {
  const pool = createBcryptPool();
  try {
    const check = createPasswordCheck(pool.compare);
    assert.deepEqual(await check("user", "password"), { name: "user", email: "user@example.com" });
    assert.equal(await check("user", "wrong"), undefined);
    assert.equal(await check("admin", "password"), undefined);
    assert.equal(await check("user", "password" + "x".repeat(80)), undefined);
  } finally {
    pool.close();
  }
});

Deno.test("bcrypt pool: an empty or NUL password never matches", async () => {
  const pool = createBcryptPool();
  try {
    assert.deepEqual(
      await Promise.all([pool.compare("", GO_HASH), pool.compare("\0", GO_HASH)]),
      [false, false],
    );
    assert.equal(pool.pending(), 0);
  } finally {
    pool.close();
  }
});

Deno.test("bcrypt pool: closing settles pending comparisons as failures", async () => {
  const pool = createBcryptPool();
  const pending = pool.compare("password", GO_HASH);
  pool.close();
  assert.equal(await pending, false);
});
