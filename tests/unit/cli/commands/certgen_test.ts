import assert from "node:assert/strict";
import { runCertgen } from "../../../../src/cli/commands/certgen.ts";
import { capturedIo } from "../../../support/io.ts";

// Only what is decided before any file is touched: writing certificates belongs to tests/e2e/certgen_test.ts.
async function certgen(args: string[]) {
  const { io, out, err } = capturedIo();
  const code = await runCertgen(args, io);
  return { code, out: out(), err: err() };
}

Deno.test("certgen command: usage mistakes exit 2 with one line and the usage, before any file", async (t) => {
  const cases: [string, string[], RegExp][] = [
    [
      "a host with a space inside",
      ["-host", "my host"],
      /^app certgen: invalid host "my host": want a DNS name, \*\.domain or an IP address\n\n/,
    ],
    ["a URL as a host", ["-host", "https://example.com"], /invalid host "https:\/\/example.com"/],
    ["the second host bad", ["-host", "ok.example,bad_host!"], /invalid host "bad_host!"/],
    ["a wildcard in the middle", ["-host", "a.*.example.com"], /invalid host "a\.\*\.example\.com"/],
    ["an IP with a port", ["-host", "10.0.0.1:443"], /invalid host "10.0.0.1:443"/],
    ["an empty -out", ["-out", ""], /^app certgen: -out must not be empty\n/],
    ["an unknown flag", ["-days", "30"], /^app certgen: flag provided but not defined: -days\n/],
    ["a stray argument", ["tls"], /^app certgen: unexpected argument: "tls"\n/],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const run = await certgen(args);
      assert.equal(run.code, 2);
      assert.equal(run.out, "");
      assert.match(run.err, message);
      assert.match(run.err, /\n\nUsage: app certgen \[flags\]\n/, "the usage follows the message");
    });
  }
});

Deno.test("certgen command: -help prints the usage on stdout and exits 0", async () => {
  for (const flag of ["-help", "-h", "--help"]) {
    const run = await certgen([flag]);
    assert.equal(run.code, 0, flag);
    assert.equal(run.err, "");
    assert.match(run.out, /^Usage: app certgen \[flags\]\n/);
    for (const name of ["-host", "-out", "-force"]) assert.ok(run.out.includes(name), name);
  }
});
