import assert from "node:assert/strict";
import { runCli, startApp } from "../../scripts/lib/app_process.ts";

/** Lines a normal start writes before anything can go wrong (the course-account warning too). */
const LIFECYCLE =
  /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (Starting server\.\.\.|Starting Auth service\.\.\.)|\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d warning: no -users-file: .*)$/;

/** Runs `app <args>`, expects exit 1 and exactly one error line naming `pattern`, no stack. */
async function expectOneLineError(
  args: string[],
  pattern: RegExp,
  env: Record<string, string> = {},
): Promise<void> {
  const { code, stdout, stderr } = await runCli(args, env);
  const lines = stderr.split("\n").filter((line) => line !== "" && !LIFECYCLE.test(line));
  assert.equal(code, 1, stderr);
  assert.equal(lines.length, 1, `want one error line, got:\n${stderr}`);
  assert.match(lines[0], /^app (monolith|auth|hello): /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /^\s+at |Uncaught|error: |Stack/m, "a stack trace was printed");
  assert.equal(stdout, "");
}

/**
 * Runs `app <args>` for a value the command line got wrong: exit 2, the first stderr line names
 * the problem, the rest is the mode's usage (Go's flag package does the same), no stack.
 */
async function expectUsageError(
  args: string[],
  pattern: RegExp,
  env: Record<string, string> = {},
): Promise<void> {
  const { code, stdout, stderr } = await runCli(args, env);
  assert.equal(code, 2, stderr);
  const [first, blank, usage] = stderr.split("\n");
  assert.match(first, /^app (monolith|auth|hello): /);
  assert.match(first, pattern);
  assert.equal(blank, "");
  assert.match(usage, /^Usage: app /);
  assert.doesNotMatch(stderr, /^\s+at |Uncaught|error: |Stack/m, "a stack trace was printed");
  assert.equal(stdout, "");
}

const mode = (extra: string[]) => ["monolith", "-http", "127.0.0.1:0", "-health", "127.0.0.1:0", ...extra];

Deno.test("a secret file that cannot be read: one line, exit 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await expectOneLineError(
      mode(["-secret-file", `${dir}/missing`]),
      /cannot read secret file ".*missing": No such file or directory/,
    );
    await expectOneLineError(mode(["-secret-file", dir]), /cannot read secret file ".*": .*directory/i);
    await expectOneLineError(["auth", "-secret-file", `${dir}/missing`], /cannot read secret file/, {
      APP_HTTP: "127.0.0.1:0",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an empty secret: from a flag, exit 2 with usage; from a file or a set-but-empty variable, one line, exit 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/empty`, "");
    await Deno.writeTextFile(`${dir}/newline`, "\n");
    await expectUsageError(mode(["-secret", ""]), /the secret must not be empty/);
    await expectUsageError(mode(["-secret="]), /the secret must not be empty/);
    await expectOneLineError(mode(["-secret-file", `${dir}/empty`]), /secret file ".*empty" is empty/);
    await expectOneLineError(mode(["-secret-file", `${dir}/newline`]), /secret file ".*newline" is empty/);
    await expectOneLineError(mode([]), /APP_SECRET is set but empty/, { APP_SECRET: "" });
    await expectOneLineError(mode([]), /APP_SECRET_FILE is set but empty/, { APP_SECRET_FILE: "" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an invalid listen address: exit 2, one line naming it (and where it came from), then the usage", async (t) => {
  const cases: [string[], RegExp, Record<string, string>?][] = [
    [["hello", "-secret", "s", "-http", "8080"], /invalid value for -http: .*missing port/],
    [["hello", "-secret", "s", "-http", ":99999"], /invalid value for -http: .*invalid port "99999"/],
    [["hello", "-secret", "s", "-health", "999.0.0.1:81"], /invalid value for -health: .*invalid host/],
    [["hello", "-secret", "s", "-http", "[zz]:80"], /invalid value for -http: .*invalid IPv6 host/],
    [["hello", "-secret", "s", "-http", "::1:80"], /invalid value for -http: .*too many colons/],
    [["hello", "-secret", "s"], /invalid value for -http \(from APP_HTTP\): .*missing port/, {
      APP_HTTP: "x",
    }],
  ];
  for (const [args, pattern, env] of cases) {
    await t.step(
      [...args.slice(3), ...Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`)].join(" "),
      () => expectUsageError(args, pattern, env),
    );
  }
});

Deno.test("a well-formed address that is not on this machine: one line, exit 1", async () => {
  // Binding fails; nothing is sent anywhere.
  await expectOneLineError(
    ["hello", "-secret", "s", "-http", "192.0.2.1:8080", "-health", "127.0.0.1:0"],
    /HTTP service 192\.0\.2\.1:8080: address not available/,
  );
});

Deno.test("a port already in use, HTTP or health: one line, exit 1", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (taken.addr as Deno.NetAddr).port;
  try {
    await expectOneLineError(
      ["monolith", "-secret", "s", "-http", `127.0.0.1:${port}`, "-health", "127.0.0.1:0"],
      new RegExp(`HTTP service 127\\.0\\.0\\.1:${port}: address already in use`),
    );
    await expectOneLineError(
      ["auth", "-secret", "s", "-http", "127.0.0.1:0", "-health", `127.0.0.1:${port}`],
      new RegExp(`health service 127\\.0\\.0\\.1:${port}: address already in use`),
    );
  } finally {
    taken.close();
  }
});

Deno.test("the same address for -http and -health is a usage mistake, named before anything binds", async () => {
  await expectUsageError(
    ["hello", "-secret", "s", "-http", "127.0.0.1:18080", "-health", "127.0.0.1:18080"],
    /-http and -health must be different addresses \(both are 127\.0\.0\.1:18080\)/,
  );
});

Deno.test("a good secret file still starts (control for the cases above)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/secret`, "from-a-file\n");
    const app = await startApp("hello", ["-secret-file", `${dir}/secret`]);
    const status = await app.stop();
    assert.equal(status.code, 0);
    assert.doesNotMatch(app.stderr(), /warning/);
    for (const name of ["Health", "HTTP"]) {
      assert.equal(app.stderr().match(new RegExp(`${name} service listening on`, "g"))?.length, 1);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
