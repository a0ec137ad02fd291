import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { startLoad, waitForStatus } from "../support/load.ts";
import { until } from "../../scripts/lib/wait.ts";
import { basicHeaders } from "../support/credentials.ts";

const HELLO = '{"message":"Hello"}\n';
const basic = basicHeaders("user:password");

async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.text() };
}

const accessLines = (stdout: string) => stdout.split("\n").filter((line) => line.includes('"GET '));

Deno.test("signals: SIGUSR1, SIGUSR2 and SIGALRM are ignored (as Go does): still serving, no log line lost", async () => {
  const app = await startApp("hello");
  try {
    for (const signal of ["SIGUSR1", "SIGUSR2", "SIGALRM"] as const) {
      assert.equal((await get(`${app.url}/`)).body, HELLO);
      app.child.kill(signal);
      // The signal was queued before these requests were sent: answers, several event-loop turns
      // later, show it neither ended the process (the default action) nor began a drain.
      assert.equal((await get(`${app.url}/`)).status, 200, `not serving after ${signal}:\n${app.stderr()}`);
      assert.equal((await get(`${app.healthUrl}/readiness`)).status, 200, `draining after ${signal}`);
    }
  } finally {
    const status = await app.stop();
    assert.equal(status.code, 0, app.stderr());
  }
  assert.equal(accessLines(app.stdout()).length, 6, app.stdout());
});

Deno.test("signals: SIGQUIT still ends the process, but writes the access log first", async () => {
  const app = await startApp("hello");
  for (let i = 0; i < 100; i++) await (await fetch(`${app.url}/`)).body?.cancel();
  const status = await app.stop("SIGQUIT"); // well inside the log's 50 ms batching
  assert.equal(status.code, 131, app.stderr());
  assert.equal(accessLines(app.stdout()).length, 100, "access-log lines lost on SIGQUIT");
});

Deno.test("signals: SIGHUP re-reads the secret file without dropping a request", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/secret`;
  await Deno.writeTextFile(file, "first-secret\n");
  const app = await startApp("monolith", ["-secret-file", file]);
  let load: ReturnType<typeof startLoad> | undefined;
  try {
    const old = JSON.parse((await get(`${app.url}/login`, basic)).body).token;
    assert.equal((await get(`${app.url}/secure`, { Authorization: `Bearer ${old}` })).status, 200);
    load = startLoad(() => app.url, [{ path: "/", expect: (body) => body === HELLO }], 4);
    const report = load.report;
    await until("the load to flow", () => report.ok >= 5);

    await Deno.writeTextFile(file, "second-secret\n");
    app.child.kill("SIGHUP");
    await app.waitFor("stderr", /SIGHUP: reloaded secret file/);
    assert.equal((await get(`${app.url}/secure`, { Authorization: `Bearer ${old}` })).status, 401);
    const fresh = JSON.parse((await get(`${app.url}/login`, basic)).body).token;
    assert.equal((await get(`${app.url}/secure`, { Authorization: `Bearer ${fresh}` })).status, 200);

    // A file that cannot be used keeps the secret in use and says so.
    await Deno.writeTextFile(file, "");
    app.child.kill("SIGHUP");
    await app.waitFor("stderr", /SIGHUP: cannot reload secret file .*empty/);
    assert.equal((await get(`${app.url}/secure`, { Authorization: `Bearer ${fresh}` })).status, 200);
    // Served after both reloads too, not only before them.
    const afterReloads = report.ok;
    await until("the load to go on after the reloads", () => report.ok >= afterReloads + 5);

    await load.stop();
    load = undefined;
    assert.equal(report.failed + report.errored, 0, report.samples.join("\n"));
    assert.ok(report.ok > 10, `only ${report.ok} requests during the reloads`);
  } finally {
    await load?.stop();
    const status = await app.stop();
    await Deno.remove(dir, { recursive: true });
    assert.equal(status.code, 0, app.stderr());
  }
});

Deno.test("signals: the drain is one-way: /readiness/status cannot turn readiness back to 200", async () => {
  const app = await startApp("hello", ["-drain", "2s"]);
  app.child.kill("SIGTERM");
  await waitForStatus(`${app.healthUrl}/readiness`, 503, 3_000, 10);
  assert.equal((await get(`${app.healthUrl}/readiness/status`)).status, 200);
  assert.equal((await get(`${app.healthUrl}/readiness`)).status, 503, "the toggle undid the drain");
  assert.equal((await get(`${app.healthUrl}/readiness/status`)).status, 200);
  assert.equal((await get(`${app.healthUrl}/readiness`)).status, 503);
  assert.equal((await app.status).code, 0, app.stderr());
});
