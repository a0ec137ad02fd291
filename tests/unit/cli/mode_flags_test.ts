import assert from "node:assert/strict";
import { run } from "../../../src/cli/run.ts";
import { parseServeConfig } from "../../../src/cli/config.ts";
import { modeFlagNames } from "../../../src/cli/mode_flags.ts";
import type { Io } from "../../../src/cli/io.ts";

/** Runs the command line with captured output and the given environment. */
async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env: (name) => env[name],
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

const helpFlags = (text: string) => [...text.matchAll(/^ {2}-([a-z-]+)/gm)].map((match) => match[1]);

Deno.test("mode help lists only the flags the mode uses", async (t) => {
  const expected: Record<string, string[]> = {
    hello: [
      "http",
      "health",
      "secret",
      "secret-file",
      "drain",
      "shutdown-timeout",
      "log-format",
      "verify-key",
      "jwks-url",
      "trusted-proxies",
    ],
    auth: [
      "http",
      "health",
      "secret",
      "secret-file",
      "drain",
      "shutdown-timeout",
      "log-format",
      "signing-key",
      "verify-key",
      "users-file",
      "login-failures",
      "login-window",
      "login-clients",
      "max-bcrypt-cost",
      "bcrypt-timeout",
      "trusted-proxies",
    ],
  };
  for (const [mode, flags] of Object.entries(expected)) {
    await t.step(mode, async () => {
      const { code, stdout } = await cli([mode, "-help"]);
      assert.equal(code, 0);
      assert.deepEqual(helpFlags(stdout), flags);
    });
  }
  await t.step("monolith: every serving flag", async () => {
    const { stdout } = await cli(["monolith", "-help"]);
    assert.deepEqual(new Set(helpFlags(stdout)), modeFlagNames("monolith"));
    assert.equal(helpFlags(stdout).length, 17);
  });
});

Deno.test("another mode's flag is a usage error naming the modes that take it", async (t) => {
  const cases: [string[], RegExp][] = [
    [
      ["hello", "-signing-key", "k.pem"],
      /^app hello: -signing-key is a flag of monolith and auth, not of hello\n/,
    ],
    [
      ["hello", "-users-file", "htpasswd"],
      /^app hello: -users-file is a flag of monolith and auth, not of hello\n/,
    ],
    [
      ["hello", "-login-window=0"],
      /^app hello: -login-window is a flag of monolith and auth, not of hello\n/,
    ],
    [
      ["auth", "--jwks-url", "http://a/"],
      /^app auth: -jwks-url is a flag of monolith and hello, not of auth\n/,
    ],
    [["hello", "-nope", "1"], /^app hello: flag provided but not defined: -nope\n/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const { code, stderr } = await cli(args);
      assert.equal(code, 2);
      assert.match(stderr, message);
    });
  }
});

Deno.test("another mode's environment variables are ignored, even invalid ones", () => {
  const env: Record<string, string> = {
    APP_USERS_FILE: "/nowhere/htpasswd",
    APP_LOGIN_WINDOW: "0",
    APP_LOGIN_FAILURES: "many",
    APP_SIGNING_KEY: "/nowhere/key.pem",
  };
  const parsed = parseServeConfig([], (name) => env[name], () => "unused", "hello");
  assert.ok(!parsed.help);
  assert.equal(parsed.config.usersFile, undefined);
  assert.equal(parsed.config.signingKey, undefined);
  assert.equal(parsed.config.loginWindowMs, 300_000);
  // The same variables are read, and checked, by a mode that takes them.
  assert.throws(() => parseServeConfig([], (name) => env[name], () => "unused", "auth"), /APP_LOGIN_WINDOW/);
});
