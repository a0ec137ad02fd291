import assert from "node:assert/strict";
import denoConfig from "../../deno.json" with { type: "json" };
import { runCli } from "../../scripts/lib/app_process.ts";

Deno.test("cli: --help lists the modes; a mode's -help lists flags and their env variables", async () => {
  const top = await runCli(["--help"]);
  assert.equal(top.code, 0);
  for (const mode of ["monolith", "auth", "hello", "certgen", "keygen", "healthcheck"]) {
    assert.match(top.stdout, new RegExp(`\\b${mode}\\b`));
  }
  const mode = await runCli(["auth", "-help"]);
  assert.equal(mode.code, 0);
  for (
    const text of [
      "-http ADDR",
      "APP_HTTP",
      "-health ADDR",
      "APP_HEALTH",
      "-secret-file PATH",
      "-drain",
      "-signing-key PATH",
      "APP_VERIFY_KEY",
      "-users-file PATH",
    ]
  ) {
    assert.ok(mode.stdout.includes(text), text);
  }
  assert.ok(!mode.stdout.includes("-jwks-url"), "auth takes no -jwks-url");
});

Deno.test("cli: --version prints the version from deno.json", async () => {
  const result = await runCli(["--version"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `app ${denoConfig.version}\n`);
});

Deno.test("cli: command-line mistakes print one line and the usage on stderr, exit 2", async (t) => {
  // Mistakes in a flag's value (addresses, durations, secrets) are in bad_config_test.ts.
  const cases: [string[], string][] = [
    [[], "Usage: app <mode> [flags]"],
    [["frontend"], 'app: unknown mode "frontend"'],
    [["monolith", "-bogus"], "app monolith: flag provided but not defined: -bogus"],
    [["hello", "-http"], "app hello: flag needs an argument: -http"],
    [["monolith", "-drain", "forever"], 'app monolith: invalid value "forever" for -drain'],
  ];
  for (const [args, first] of cases) {
    await t.step(args.join(" ") || "(no arguments)", async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.ok(result.stderr.startsWith(first), result.stderr.split("\n")[0]);
      assert.match(result.stderr, /Usage: app/);
      assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/, "no stack trace");
    });
  }
});
