import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { createHmac } from "node:crypto";
import { cliArgs, startApp } from "../../../scripts/lib/app_process.ts";
import { spawnDeno } from "../../../scripts/lib/process.ts";
import { HOSTILE_FILES, swapTo } from "../../support/hostile_files.ts";
import { peakMiB } from "../../support/memory.ts";
import { basicHeaders as basic } from "../../support/credentials.ts";
import { until } from "../../../scripts/lib/wait.ts";

/** A process reading /dev/zero passes this within a second; the service itself stays far below. */
const MEMORY_BOUND_MIB = 300;
/** Longer than any start that refuses a file; a FIFO would block the start for ever. */
const START_BOUND_MS = 20_000;

const ROOT = new URL("../../../", import.meta.url);

/** Runs `app <args>` to its exit, killed if it passes the memory or the time bound. */
async function runBounded(args: string[]): Promise<{ code: number; stderr: string; peak: number }> {
  const app = spawnDeno(cliArgs(args), { cwd: ROOT });
  let peak = 0;
  let killed = "";
  const started = performance.now();
  const watch = setInterval(() => {
    peak = Math.max(peak, peakMiB(app.pid) ?? 0);
    if (peak > MEMORY_BOUND_MIB) killed = `over ${MEMORY_BOUND_MIB} MiB`;
    else if (performance.now() - started > START_BOUND_MS) {
      killed = `still running after ${START_BOUND_MS} ms`;
    }
    if (killed) app.stop("SIGKILL");
  }, 50);
  const status = await app.status;
  clearInterval(watch);
  assert.equal(killed, "", `killed: ${killed}\n${app.stderr()}`);
  return { code: status.code, stderr: app.stderr(), peak };
}

const FLAGS = [
  { flag: "-users-file", mode: "auth", what: "users file" },
  { flag: "-secret-file", mode: "auth", what: "secret file" },
  { flag: "-signing-key", mode: "auth", what: "signing key" },
  { flag: "-verify-key", mode: "hello", what: "verify key" },
];

Deno.test("a users file, secret file, signing key or verify key that is /dev/zero or a FIFO: exit 1 at once, one line naming it, memory bounded", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    for (const { name, make } of HOSTILE_FILES) {
      for (const { flag, mode, what } of FLAGS) {
        await t.step(`${flag} as ${name}`, async () => {
          const path = `${dir}/${flag.slice(1)}-${HOSTILE_FILES.findIndex((h) => h.name === name)}`;
          await make(path);
          const { code, stderr } = await runBounded([
            mode,
            "-http",
            "127.0.0.1:0",
            "-health",
            "127.0.0.1:0",
            flag,
            path,
          ]);
          assert.equal(code, 1, stderr);
          const last = stderr.trimEnd().split("\n").at(-1)!;
          assert.ok(last.includes(`${what} ${JSON.stringify(path)}`), `the error names the file: ${last}`);
          assert.match(last, /not a regular file \((a character device|a FIFO)\)/);
          assert.doesNotMatch(stderr, /^\s+at |Uncaught|panic/m);
        });
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Resolves once `pattern` appears in the app's stderr after `from` characters; fails after 15 s. */
function logged(stderr: () => string, from: number, pattern: RegExp): Promise<boolean> {
  return until(`${pattern} on stderr`, () => pattern.test(stderr().slice(from)), {
    timeoutMs: 15_000,
    detail: () => stderr().slice(from),
  });
}

Deno.test("users file and secret file swapped to /dev/zero or a FIFO while serving (and SIGHUP): refused, health answers, the old users log in with the old secret", async (t) => {
  const dir = await Deno.makeTempDir();
  const users = `${dir}/htpasswd`;
  const secret = `${dir}/secret`;
  await Deno.writeTextFile(users, `alice:${bcrypt.hashSync("alice-pw", 4)}\n`);
  await Deno.writeTextFile(secret, "first-secret\n");
  const app = await startApp("auth", ["-users-file", users, "-secret-file", secret]);
  try {
    const first = await fetch(`${app.url}/login`, { headers: basic("alice:alice-pw") });
    await first.body?.cancel();
    assert.equal(first.status, 200);
    const idle = peakMiB(app.child.pid)!; // with the bcrypt worker started by that login
    for (const { name, make } of HOSTILE_FILES) {
      await t.step(name, async () => {
        const from = app.stderr().length;
        await swapTo(users, make);
        await swapTo(secret, make);
        app.child.kill("SIGHUP");
        const kind = /not a regular file \((a character device|a FIFO)\)/.source;
        await logged(app.stderr, from, new RegExp(`users file "${users}": ${kind}; the users loaded before`));
        await logged(
          app.stderr,
          from,
          new RegExp(`SIGHUP: cannot reload secret file "${secret}": .*${kind}`),
        );
        const health = await fetch(`${app.healthUrl}/healthz`);
        await health.body?.cancel();
        assert.equal(health.status, 200, "health answers");
        const again = await fetch(`${app.url}/login`, { headers: basic("alice:alice-pw") });
        assert.equal(again.status, 200, "the users loaded before still log in");
        const [header, payload, signature] = ((await again.json()).token as string).split(".");
        const signedWith = (key: string) =>
          createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url");
        assert.equal(signature, signedWith("first-secret"), "signed with the secret loaded before");
        const peak = peakMiB(app.child.pid)!;
        assert.ok(peak < idle + 50, `peak RSS ${peak.toFixed(1)} MiB, ${idle.toFixed(1)} MiB after start`);
        await Deno.remove(users);
        await Deno.remove(secret);
        await Deno.writeTextFile(users, `alice:${bcrypt.hashSync("alice-pw", 4)}\n`);
        await Deno.writeTextFile(secret, "first-secret\n");
      });
    }
  } finally {
    await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
