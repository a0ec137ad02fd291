import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import denoConfig from "../../deno.json" with { type: "json" };
import { RUN_FLAGS } from "../../scripts/lib/app_process.ts";
import { basicHeaders } from "../support/credentials.ts";

const ROOT = new URL("../../", import.meta.url);
const decoder = new TextDecoder();

async function output(command: string, args: string[], options: Deno.CommandOptions = {}) {
  const out = await new Deno.Command(command, {
    args,
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
    ...options,
    env: { NO_COLOR: "1", ...options.env },
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

Deno.test("each command gives up at start the permissions it does not use", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "permissions-" });
  try {
    await Deno.writeTextFile(join(dir, "readable"), "x");
    const cases: [string, Record<string, string>][] = [
      ["monolith", { write: "NotCapable", read: "allowed", net: "allowed", env: "allowed" }],
      ["auth", { write: "NotCapable", read: "allowed", net: "allowed", env: "allowed" }],
      ["hello", { write: "NotCapable", read: "allowed", net: "allowed", env: "allowed" }],
      ["--version", { write: "NotCapable", read: "allowed", net: "allowed", env: "allowed" }],
      ["healthcheck", { write: "NotCapable", read: "NotCapable", net: "allowed", env: "allowed" }],
      ["certgen", { write: "allowed", read: "allowed", net: "NotCapable", env: "allowed" }],
      ["keygen", { write: "allowed", read: "allowed", net: "NotCapable", env: "allowed" }],
      ["hash-password", { write: "NotCapable", read: "NotCapable", net: "NotCapable", env: "allowed" }],
    ];
    for (const [command, expected] of cases) {
      await t.step(command, async () => {
        const probe = await output(Deno.execPath(), [
          "run",
          ...RUN_FLAGS,
          "--quiet",
          "tests/fixtures/permission_probe.ts",
          command,
          dir,
        ]);
        assert.equal(probe.code, 0, probe.stderr);
        assert.deepEqual(JSON.parse(probe.stdout), expected);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task start prints nothing but its Task line and the app's own output", async () => {
  const result = await output(Deno.execPath(), ["task", "start", "--version"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `app ${denoConfig.version}\n`);
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^Task start (\$\(sh scripts\/signal_guard\.sh\) )?deno run /);
  assert.doesNotMatch(result.stderr, /warning|experimental/i);
});

Deno.test("the README's deno task install gives a working app command, without warnings", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const install = readme.split("\n").filter((line) => /^deno (task )?install\b/.test(line));
  assert.deepEqual(install, ["deno task install"], "one install command in the README");
  const task = denoConfig.tasks.install.command;
  const allowedEnv = (command: string) => /--allow-env=(\S+)/.exec(command)?.[1].split(",").sort();
  assert.deepEqual(allowedEnv(task), allowedEnv(denoConfig.tasks.start), "the start task's variables");
  const root = await Deno.makeTempDir({ prefix: "install-" });
  const env = { DENO_INSTALL_ROOT: root, PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH")}` };
  try {
    const lock = await Deno.readTextFile(new URL("deno.lock", ROOT));
    const installed = await output("sh", ["-c", install[0]], { env });
    assert.equal(installed.code, 0, installed.stderr);
    assert.doesNotMatch(installed.stderr, /warning/i);
    assert.equal(
      await Deno.readTextFile(new URL("deno.lock", ROOT)),
      lock,
      "the clone's lockfile is untouched",
    );
    const app = join(root, "bin", "app");

    const version = await output(app, ["--version"], { cwd: root, env });
    assert.equal(version.stdout, `app ${denoConfig.version}\n`, version.stderr);

    const child = new Deno.Command(app, {
      args: ["monolith", "-http", "127.0.0.1:0", "-health", "127.0.0.1:0", "-secret", "install-test"],
      cwd: root,
      env: { ...env, NO_COLOR: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let log = "";
    const ports: Record<string, string> = {};
    const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    const read = async (until: () => boolean) => {
      while (!until()) {
        const { value, done } = await stderr.read();
        if (done) return;
        log += value;
      }
    };
    await read(() => {
      for (const [, name, port] of log.matchAll(/(HTTP|Health) service listening on \S+:(\d+)/g)) {
        ports[name] = port;
      }
      return Boolean(ports.HTTP && ports.Health);
    });
    const rest = read(() => false);
    try {
      assert.ok(ports.HTTP && ports.Health, log);
      const ready = await fetch(`http://127.0.0.1:${ports.Health}/readiness`);
      assert.equal(ready.status, 200);
      await ready.body?.cancel();
      // A login reads the environment, loads the bcrypt worker and signs a token.
      const login = await fetch(`http://127.0.0.1:${ports.HTTP}/login`, {
        headers: basicHeaders("user:password"),
      });
      assert.equal(login.status, 200);
      assert.ok((await login.json()).token);
    } finally {
      child.kill("SIGTERM");
    }
    await rest;
    assert.equal((await child.status).code, 0, log);
    assert.doesNotMatch(log, /warning: (?!signing|no -users-file)|NotCapable|experimental/i, log);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
