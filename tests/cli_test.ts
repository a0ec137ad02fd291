import assert from "node:assert/strict";
import { runCli } from "./support/app_process.ts";

Deno.test("cli: --help lists the modes; a mode's -help lists flags and their env variables", async () => {
  const top = await runCli(["--help"]);
  assert.equal(top.code, 0);
  for (const mode of ["monolith", "auth", "hello", "keygen"]) {
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
      "-jwks-url URL",
    ]
  ) {
    assert.ok(mode.stdout.includes(text), text);
  }
});

Deno.test("cli: --version prints the version from deno.json", async () => {
  const { version } = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const result = await runCli(["--version"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `app ${version}\n`);
});

Deno.test("cli: usage mistakes print one line and the usage on stderr, exit 2", async () => {
  const cases: [string[], string][] = [
    [[], "Usage: app <mode> [flags]"],
    [["frontend"], 'app: unknown mode "frontend"'],
    [["monolith", "-bogus"], "app monolith: flag provided but not defined: -bogus"],
    [["hello", "-http"], "app hello: flag needs an argument: -http"],
    [["auth", "-http", "10090"], 'app auth: invalid value for -http: address "10090": missing port'],
    [["monolith", "-drain", "forever"], 'app monolith: invalid value "forever" for -drain'],
  ];
  for (const [args, first] of cases) {
    const result = await runCli(args);
    assert.equal(result.code, 2, args.join(" "));
    assert.equal(result.stdout, "");
    assert.ok(result.stderr.startsWith(first), `${args.join(" ")}: ${result.stderr.split("\n")[0]}`);
    assert.match(result.stderr, /Usage: app/);
    assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/, "no stack trace");
  }
});

Deno.test("cli: an address in use is one clear line naming it, exit 1", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const address = `127.0.0.1:${(taken.addr as Deno.NetAddr).port}`;
    const result = await runCli(["hello", "-http", address, "-health", "127.0.0.1:0"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`app hello: HTTP service ${address}: address already in use\\n$`));
    assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/);
  } finally {
    taken.close();
  }
});

Deno.test("cli: an unreadable secret file is one clear line, exit 1", async () => {
  const result = await runCli(["auth", "-secret-file", "/nonexistent/jwt-secret"]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^app auth: cannot read secret file "\/nonexistent\/jwt-secret": /);
  assert.equal(result.stderr.trim().split("\n").length, 1);
});
