import assert from "node:assert/strict";
import { HtpasswdError, parseHtpasswd } from "../../../src/auth/accounts/htpasswd.ts";

const BODY = "KgFhp4HAaBCRAYbFp5XYUOKrbO90yrpUQte4eyafk4Tu6mnZcNWiK";
const hash = (cost = 10, prefix = "$2y$") => `${prefix}${String(cost).padStart(2, "0")}$${BODY}`;

Deno.test("htpasswd: bcrypt lines of every prefix and cost, with blank lines, comments and CRLF", () => {
  const users = parseHtpasswd(
    `# made by htpasswd -B\nalice:${hash(10, "$2y$")}\r\n\nbob:${hash(12, "$2b$")}\ncarol:${
      hash(4, "$2a$")
    }  \nwith space:${hash(14)}\n`,
  );
  assert.deepEqual([...users.accounts.keys()], ["alice", "bob", "carol", "with space"]);
  assert.equal(users.accounts.get("bob")?.cost, 12);
  assert.equal(
    users.accounts.get("carol")?.hash,
    hash(4, "$2a$"),
    "trailing blanks are not part of the hash",
  );
});

Deno.test("htpasswd: each invalid kind is an error naming the line, never echoing the hash", async (t) => {
  const secretish = "$apr1$Zq8Ai8Yb$hidden.md5.digest0";
  const cases: [string, string, RegExp][] = [
    ["an MD5 (apr1) entry", `alice:${hash()}\nbob:${secretish}`, /^line 2: user "bob": an MD5 \(apr1\) hash/],
    ["a SHA-1 entry", `bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=`, /^line 1: user "bob": a SHA-1 hash/],
    ["a crypt(3) SHA-512 entry", `bob:$6$salt$digestdigest`, /^line 1: user "bob": a crypt\(3\)/],
    ["a DES crypt entry", `bob:abJnggxhB/yWI`, /^line 1: user "bob": a DES crypt hash/],
    ["a plain-text password", `bob:hunter2`, /^line 1: user "bob": not a bcrypt hash/],
    ["a truncated bcrypt hash", `bob:${hash().slice(0, 40)}`, /^line 1: user "bob": a malformed bcrypt hash/],
    ["the $2x$ variant", `bob:${hash(10, "$2x$")}`, /^line 1: user "bob": a malformed bcrypt hash/],
    ["an empty hash", `bob:`, /^line 1: user "bob": an empty hash/],
    ["cost 3", `bob:${hash(3)}`, /^line 1: user "bob": bcrypt cost 3 is outside 4-14$/],
    [
      "cost 15",
      `bob:${hash(15)}`,
      /^line 1: user "bob": bcrypt cost 15 is outside 4-14 \(-max-bcrypt-cost widens it\)/,
    ],
    [
      "cost 31",
      `bob:${hash(31)}`,
      /^line 1: user "bob": bcrypt cost 31 is outside 4-14 \(-max-bcrypt-cost widens it\)/,
    ],
    ["cost 32", `bob:${hash(32)}`, /^line 1: user "bob": bcrypt cost 32 is outside 4-14$/],
    ["no colon", `\n\nbob ${hash()}`, /^line 3: no ":" between user name and hash/],
    ["an empty name", `:${hash()}`, /^line 1: empty user name/],
    ["a control character in the name", `b\x07ob:${hash()}`, /^line 1: user name with a control character/],
    ["a name over 255 bytes", `${"é".repeat(128)}:${hash()}`, /^line 1: user name over 255 bytes/],
    ["a duplicate name", `bob:${hash()}\n# x\nbob:${hash(12)}`, /^line 3: user "bob" is already on line 1/],
    ["no users at all", "# nothing here\n\n", /^no users/],
    ["an empty file", "", /^no users/],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, () => {
      const error = captured(text);
      assert.ok(error instanceof HtpasswdError, String(error));
      assert.match(error.message, message);
      assert.ok(!error.message.includes(BODY) && !error.message.includes(secretish), "hash echoed");
      assert.ok(!error.message.includes("hunter2") && !error.message.includes("digest"), "hash echoed");
    });
  }
});

Deno.test("htpasswd: a wider -max-bcrypt-cost admits dearer hashes, never past bcrypt's 31", () => {
  assert.equal(parseHtpasswd(`bob:${hash(31)}`, 31).accounts.get("bob")?.cost, 31);
  assert.equal(parseHtpasswd(`bob:${hash(14)}`).accounts.get("bob")?.cost, 14, "14 by default");
  assert.throws(() => parseHtpasswd(`bob:${hash(12)}`, 11), /bcrypt cost 12 is outside 4-11/);
});

function captured(text: string): Error {
  try {
    parseHtpasswd(text);
  } catch (error) {
    return error as Error;
  }
  throw new Error("no error");
}
