import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { needs } from "../../scripts/lib/tools.ts";

/** `app hello` with stdout a pipe nobody reads; stderr is collected. */
const startStalled = (args: string[]) => startApp("hello", args, {}, undefined, { stdoutUnread: true });

/** Resolves the exit status and how long it took, or kills it (and says so) after `limitMs`. */
async function exitWithin(child: Deno.ChildProcess, limitMs: number) {
  const start = performance.now();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, limitMs);
  const status = await child.status;
  clearTimeout(timer);
  return { status, ms: performance.now() - start, killed };
}

async function flood(url: string): Promise<void> {
  const wrk = await new Deno.Command("wrk", {
    args: ["-t1", "-c16", "-d2s", `${url}/`],
    stdout: "null",
    stderr: "null",
  }).output();
  assert.equal(wrk.code, 0, "wrk failed");
}

Deno.test({
  name: "stdout nobody reads: -shutdown-timeout holds, dropped lines are counted on stderr and in /metrics",
  ...needs("wrk"),
  async fn() {
    const app = await startStalled(["-shutdown-timeout", "2s"]);
    const dropped = async () => {
      const text = await (await fetch(`${app.healthUrl}/metrics`)).text();
      return Number(/^app_access_log_dropped_lines_total (\d+)$/m.exec(text)?.[1]);
    };
    assert.equal(await dropped(), 0);
    await flood(app.url);
    const answer = await fetch(`${app.url}/`); // the event loop is not blocked by the stalled log
    assert.equal(answer.status, 200);
    await answer.body?.cancel();
    assert.ok(await dropped() > 0, "the metric counts the lines dropped while stdout stalls");
    app.child.kill("SIGTERM");
    const exit = await exitWithin(app.child, 8_000);
    await app.child.stdout.cancel();
    await app.status;
    assert.ok(!exit.killed, `still alive 8 s after SIGTERM with -shutdown-timeout 2s:\n${app.stderr()}`);
    assert.ok(exit.ms < 3_500, `exit took ${exit.ms.toFixed(0)} ms`);
    assert.match(app.stderr(), /access log: \d+ lines dropped while stdout was not keeping up/);
  },
});

Deno.test({
  name: "stdout nobody reads: a second signal during the drain exits at once",
  ...needs("wrk"),
  async fn() {
    const app = await startStalled(["-drain", "5s", "-shutdown-timeout", "5s"]);
    await flood(app.url);
    app.child.kill("SIGTERM");
    await app.waitFor("stderr", "Draining for 5s"); // the first signal is handled: this one is the second
    app.child.kill("SIGTERM");
    const exit = await exitWithin(app.child, 5_000);
    await app.child.stdout.cancel();
    await app.status;
    assert.ok(!exit.killed, `wedged after the second signal:\n${app.stderr()}`);
    assert.equal(exit.status.code, 143);
    assert.ok(exit.ms < 1_500, `exit took ${exit.ms.toFixed(0)} ms after the second signal`);
    assert.match(app.stderr(), /lines dropped/);
  },
});
