import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { runHashPassword } from "../../../src/cli/commands/hash_password.ts";
import { PasswordInputError } from "../../../src/util/read_password.ts";
import { capturedIo } from "../../support/io.ts";

/** Runs the command in-process with `password` as what stdin gave. */
async function hashWith(args: string[], password: string | Error) {
  const { io, out, err } = capturedIo();
  const read = () => password instanceof Error ? Promise.reject(password) : Promise.resolve(password);
  const code = await runHashPassword(args, io, read);
  return { code, out: out(), err: err() };
}

Deno.test("hash-password: an htpasswd line with -user, the bare hash without, at the asked cost", async () => {
  const line = await hashWith(["-user", "alice", "-cost", "5"], "s3cret pass");
  assert.equal(line.code, 0, line.err);
  const [name, hash] = line.out.trimEnd().split(":");
  assert.equal(name, "alice");
  assert.match(hash, /^\$2y\$05\$[./A-Za-z0-9]{53}$/);
  assert.ok(bcrypt.compareSync("s3cret pass", hash));
  assert.ok(!bcrypt.compareSync("s3cret pas", hash));
  const bare = await hashWith(["-cost=4"], "pw");
  assert.match(bare.out, /^\$2y\$04\$[./A-Za-z0-9]{53}\n$/);
  const standard = await hashWith([], "pw");
  assert.match(standard.out, /^\$2y\$10\$/, "cost 10 by default, as the course's hash");
});

Deno.test("hash-password: mistakes exit 2 with usage, unusable passwords exit 1, never a hash", async (t) => {
  const cases: [string, string[], string | Error, number, RegExp][] = [
    ["cost 3", ["-cost", "3"], "pw", 2, /invalid value "3" for -cost: want a whole number 4-14\n/],
    [
      "cost 31",
      ["-cost", "31"],
      "pw",
      2,
      /"31" for -cost: want a whole number 4-14 \(-max-bcrypt-cost widens it\)/,
    ],
    [
      "cost 32, widened",
      ["-cost", "32", "-max-bcrypt-cost", "31"],
      "pw",
      2,
      /"32" for -cost: want .* 4-31\n/,
    ],
    ["cost over a narrowed max", ["-cost", "6", "-max-bcrypt-cost", "5"], "pw", 2, /4-5 \(-max-bcrypt-cost/],
    ["max cost 32", ["-max-bcrypt-cost", "32"], "pw", 2, /"32" for -max-bcrypt-cost: want .* 4-31/],
    ["cost not a number", ["-cost", "ten"], "pw", 2, /invalid value "ten" for -cost/],
    ["a colon in the name", ["-user", "a:b"], "pw", 2, /invalid value for -user: user name with a ":"/],
    ["an empty name", ["-user", ""], "pw", 2, /invalid value for -user: empty user name/],
    ["a control character in the name", ["-user", "a\tb"], "pw", 2, /control character/],
    ["an unknown flag", ["-rounds", "5"], "pw", 2, /flag provided but not defined: -rounds/],
    ["an empty password", [], "", 1, /^app hash-password: empty password\n$/],
    ["a password over 72 bytes", [], "é".repeat(37), 1, /over 72 bytes/],
    [
      "mistyped twice at a terminal",
      [],
      new PasswordInputError("the passwords do not match"),
      1,
      /do not match/,
    ],
    ["Ctrl-C at a terminal", [], new PasswordInputError("interrupted", true), 130, /interrupted/],
  ];
  for (const [name, args, password, code, message] of cases) {
    await t.step(name, async () => {
      const result = await hashWith(args, password);
      assert.equal(result.code, code);
      assert.equal(result.out, "");
      assert.match(result.err, message);
      assert.equal(/Usage: app hash-password/.test(result.err), code === 2);
    });
  }
});
