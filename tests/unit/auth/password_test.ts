import assert from "node:assert/strict";
import { createPasswordCheck, PasswordCheckUnavailable } from "../../../src/auth/password.ts";
import { COURSE_USERS } from "../../../src/auth/accounts/course.ts";
import { UserSource } from "../../../src/auth/accounts/user_source.ts";
import { parseHtpasswd } from "../../../src/auth/accounts/htpasswd.ts";

const USER_HASH = COURSE_USERS.get("user")!.hash;

/**
 * A stand-in for bcrypt that knows one password per hash and records each comparison (real bcrypt
 * against the Go hash is in tests/e2e/bcrypt_worker_test.ts).
 */
function recordingCompare() {
  const calls: { password: string; hash: string }[] = [];
  const compare = (password: string, hash: string) => {
    calls.push({ password, hash });
    return Promise.resolve(hash === USER_HASH && password === "password");
  };
  return { compare, calls };
}

Deno.test("password check: the course's user logs in; others and over-long passwords do not", async (t) => {
  const check = createPasswordCheck(recordingCompare().compare);
  await t.step("user / password", async () => {
    assert.deepEqual(await check("user", "password"), { name: "user", email: "user@example.com" });
  });
  const refused: [string, string, string][] = [
    ["a wrong password", "user", "wrong"],
    ["an unknown user", "admin", "password"],
    ["an empty password", "user", ""],
  ];
  for (const [name, user, password] of refused) {
    await t.step(name, async () => assert.equal(await check(user, password), undefined));
  }
});

Deno.test("password check: over 72 bytes is refused, not truncated as bcrypt would", async () => {
  const { compare, calls } = recordingCompare();
  const check = createPasswordCheck(compare);
  // 72 bytes is the most bcrypt reads; "é" is two bytes of UTF-8.
  assert.equal(await check("user", "password" + "x".repeat(80)), undefined);
  assert.equal(await check("user", "é".repeat(37)), undefined);
  assert.deepEqual(calls.map((call) => call.password), ["", ""], "no over-long password reaches bcrypt");
});

Deno.test("password check: unknown users and over-long passwords cost one bcrypt comparison too", async () => {
  const { compare, calls } = recordingCompare();
  const check = createPasswordCheck(compare);
  await check("nobody", "password");
  await check("user", "p".repeat(100));
  assert.equal(calls.length, 2);
  const [unknown, tooLong] = calls.map((call) => call.hash);
  assert.match(unknown, /^\$2[aby]\$10\$[./A-Za-z0-9]{53}$/, "an unknown name meets a cost-10 decoy");
  assert.notEqual(unknown, USER_HASH, "a decoy, not a real user's hash");
  assert.equal(tooLong, USER_HASH);
});

Deno.test("password check: a comparison that cannot be made rejects, whoever the user is", async () => {
  const check = createPasswordCheck(() => Promise.reject(new PasswordCheckUnavailable("busy")));
  for (const user of ["user", "nobody"]) {
    await assert.rejects(check(user, "password"), PasswordCheckUnavailable);
  }
});

Deno.test("password check: each login reads the users in force, so a replaced set takes effect at once", async () => {
  const [alice, bob] = ["$2a$10$" + "a".repeat(53), "$2a$10$" + "b".repeat(53)];
  const known = new Map([[alice, "alice-pw"], [bob, "bob-pw"]]);
  const compare = (password: string, hash: string) => Promise.resolve(known.get(hash) === password);
  const source = new UserSource(parseHtpasswd(`alice:${alice}\n`));
  const check = createPasswordCheck(compare, source);
  assert.equal((await check("alice", "alice-pw"))?.name, "alice");
  assert.equal(await check("bob", "bob-pw"), undefined);
  source.replace(parseHtpasswd(`bob:${bob}\n`));
  assert.equal(await check("alice", "alice-pw"), undefined, "a user removed from the file is refused");
  assert.equal((await check("bob", "bob-pw"))?.name, "bob");
});
