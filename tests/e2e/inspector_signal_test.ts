import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { listeningSockets } from "../support/listeners.ts";

/**
 * Deno (since 2.9.2) opens a V8 inspector on 127.0.0.1:9229 when a `deno run` process gets SIGUSR1,
 * but only once its own handler is armed, 500 ms after the runtime starts the main module, which is
 * before the app logs that it listens. Its handler shares the one OS-level handler our own listeners
 * install at start, so nothing outside shows when it is armed: the signals keep coming for 1.5 s
 * after the app is ready (three times the grace period), and each round waits for a served request.
 */
const ARMED_AFTER_MS = 1_500;

Deno.test("signals: SIGUSR1 and SIGUSR2 open no listener (no V8 inspector on 9229), under the start task's launcher", async () => {
  const app = await startApp("hello");
  const ready = performance.now();
  try {
    const pid = app.child.pid;
    const before = await listeningSockets(pid);
    assert.equal(before.length, 2, `expected the HTTP and health listeners, got ${before}`);
    const stderrBefore = app.stderr();
    let rounds = 0;
    do {
      for (const signal of ["SIGUSR1", "SIGUSR2"] as const) app.child.kill(signal);
      const response = await fetch(`${app.url}/`);
      assert.equal(response.status, 200, `not serving after the signals:\n${app.stderr()}`);
      await response.body?.cancel();
      assert.deepEqual(await listeningSockets(pid), before, `a listener opened:\n${app.stderr()}`);
      rounds++;
    } while (performance.now() - ready < ARMED_AFTER_MS);
    assert.ok(rounds >= 2, `only ${rounds} rounds of signals`);
    // Neither an inspector banner nor a failure to bind one (another process may hold 9229).
    assert.equal(app.stderr(), stderrBefore, "the signals wrote to stderr");
  } finally {
    const status = await app.stop();
    assert.equal(status.code, 0, app.stderr());
  }
});

Deno.test("signals: the start task's guard blocks the signals where env can, and still starts the app where it cannot", async (t) => {
  const guard = (path: string) =>
    new Deno.Command("sh", { args: ["scripts/signal_guard.sh"], env: { PATH: path }, clearEnv: true })
      .output();
  await t.step("GNU env: the guard names the launcher", async () => {
    const { stdout } = await guard(Deno.env.get("PATH") ?? "/usr/bin:/bin");
    assert.equal(new TextDecoder().decode(stdout).trim(), "env --block-signal=SIGUSR1,SIGUSR2");
  });
  await t.step("an env without --block-signal (macOS, BusyBox): no launcher, and a warning", async () => {
    const bin = await Deno.makeTempDir();
    try {
      // An env that rejects --block-signal the way BSD env does.
      await Deno.writeTextFile(`${bin}/env`, '#!/bin/sh\necho "env: illegal option -- -" >&2\nexit 1\n', {
        mode: 0o755,
      });
      const { stdout, stderr, code } = await guard(`${bin}:/usr/bin:/bin`);
      assert.equal(code, 0);
      assert.equal(new TextDecoder().decode(stdout), "");
      assert.match(new TextDecoder().decode(stderr), /cannot block SIGUSR1.*9229/);
    } finally {
      await Deno.remove(bin, { recursive: true });
    }
  });
});
