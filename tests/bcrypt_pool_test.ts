import assert from "node:assert/strict";
import { createBcryptPool } from "../src/bcrypt_pool.ts";
import { COURSE_USERS } from "../src/users.ts";

const HASH = COURSE_USERS.get("user")!.hash;

Deno.test("the bcrypt worker accepts the right password and refuses anything else", async () => {
  const pool = createBcryptPool();
  try {
    const [right, wrong, empty, garbage, nul] = await Promise.all([
      pool.compare("password", HASH),
      pool.compare("Password", HASH),
      pool.compare("", HASH),
      pool.compare("password", "not a bcrypt hash"),
      pool.compare("\0", HASH),
    ]);
    assert.deepEqual([right, wrong, empty, garbage, nul], [true, false, false, false, false]);
    assert.equal(pool.pending(), 0);
  } finally {
    pool.close();
  }
});

Deno.test("closing the bcrypt pool settles pending comparisons as failures", async () => {
  const pool = createBcryptPool();
  const pending = pool.compare("password", HASH);
  pool.close();
  assert.equal(await pending, false);
});
