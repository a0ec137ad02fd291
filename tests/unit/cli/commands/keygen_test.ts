import assert from "node:assert/strict";
import { keygenUsage, runKeygen } from "../../../../src/cli/commands/keygen.ts";
import { capturedIo } from "../../../support/io.ts";

// Only what is decided before any file is touched: writing keys belongs to tests/e2e/keygen_test.ts.
async function keygen(args: string[]) {
  const { io, out, err } = capturedIo();
  const code = await runKeygen(args, io);
  return { code, out: out(), err: err() };
}

Deno.test("keygen command: usage mistakes exit 2 with one line and the usage, before any file", async (t) => {
  const cases: [string, string[], RegExp][] = [
    [
      "an algorithm we do not sign with",
      ["-alg", "RS256"],
      /^app keygen: invalid value "RS256" for -alg: want EdDSA or ES256\n\n/,
    ],
    ["HS256 (a shared secret is not a key pair)", ["-alg=HS256"], /invalid value "HS256" for -alg/],
    ["an empty algorithm", ["-alg", ""], /invalid value "" for -alg/],
    ["an empty -out", ["-out", ""], /^app keygen: -out must not be empty\n/],
    ["-alg without its value", ["-alg"], /^app keygen: flag needs an argument: -alg\n/],
    ["an unknown flag", ["-bits", "2048"], /^app keygen: flag provided but not defined: -bits\n/],
    ["a stray argument", ["keys"], /^app keygen: unexpected argument: "keys"\n/],
    ["-force with a value that is not a boolean", ["-force=maybe"], /^app keygen: .*-force/],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const run = await keygen(args);
      assert.equal(run.code, 2);
      assert.equal(run.out, "");
      assert.match(run.err, message);
      assert.ok(run.err.endsWith(keygenUsage()));
    });
  }
});

Deno.test("keygen command: -help prints the usage on stdout and exits 0", async () => {
  for (const flag of ["-help", "-h", "--help"]) {
    const run = await keygen([flag, "-alg", "RS256"]);
    assert.deepEqual(run, { code: 0, out: keygenUsage(), err: "" }, flag);
  }
});
