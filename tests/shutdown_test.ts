import assert from "node:assert/strict";
import { startApp } from "./support/app_process.ts";
import { type Call, sleep, startLoad, waitForStatus } from "./support/load.ts";

const SECRET = "shutdown-test-secret";
const BASIC = { Authorization: `Basic ${btoa("user:password")}` };
const HELLO = '{"message":"Hello"}\n';

function monolithCalls(token: string): Call[] {
  return [
    { path: "/", expect: (body) => body === HELLO },
    { path: "/secure", headers: { Authorization: `Bearer ${token}` }, expect: (body) => body === HELLO },
    { path: "/version", expect: (body) => /^\{"version":"[^"]+"\}\n$/.test(body) },
  ];
}

async function login(url: string): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${url}/login`, { headers: BASIC });
  const body = await response.text();
  return { status: response.status, token: response.status === 200 ? JSON.parse(body).token : undefined };
}

Deno.test("SIGTERM under load: readiness 503 at once, serving through the drain, in-flight logins finish, exit 0", async () => {
  const drainMs = 1500;
  const app = await startApp("monolith", [
    "-secret",
    SECRET,
    "-drain",
    `${drainMs}ms`,
    "-shutdown-timeout",
    "10s",
    "-login-failures", // the load's failed logins all come from 127.0.0.1
    "0",
  ]);
  let load: ReturnType<typeof startLoad> | undefined;
  try {
    const { token } = await login(app.url);
    assert.ok(token);
    // Like an endpoint controller: keeps sending until it has seen readiness 503, and for a
    // propagation delay after that (well inside the drain).
    load = startLoad(() => app.url, monolithCalls(token), 4);
    await sleep(400);
    const signalled = performance.now();
    app.child.kill("SIGTERM");
    const notReadyAfter = await waitForStatus(`${app.healthUrl}/readiness`, 503, 5_000, 10);
    assert.ok(notReadyAfter < 500, `readiness still 200 ${notReadyAfter.toFixed(0)} ms after SIGTERM`);
    // Liveness stays 200 through the drain: a kubelet must not restart a pod that is draining.
    const live = await fetch(`${app.healthUrl}/healthz`);
    await live.body?.cancel();
    assert.equal(live.status, 200);
    await sleep(500);
    const report = await load.stop();
    load = undefined;

    // Logins that reach the process late in the drain are still mid-bcrypt when the listener
    // closes; every one of them must get its token.
    await sleep(Math.max(0, drainMs - 150 - (performance.now() - signalled)));
    const logins = await Promise.all(Array.from({ length: 12 }, () => login(app.url)));
    const closedAt = performance.now() - signalled;
    let refused = false;
    try {
      const late = await fetch(`${app.url}/`);
      await late.body?.cancel();
    } catch {
      refused = true;
    }
    const status = await app.status;

    assert.deepEqual(
      logins.map((l) => l.status),
      Array(12).fill(200),
      "a login in flight at shutdown was cut off",
    );
    assert.ok(
      closedAt > drainMs + 50,
      `logins all finished ${closedAt.toFixed(0)} ms after SIGTERM, before the drain ended`,
    );
    assert.ok(refused, "a new connection was accepted after the drain");
    assert.equal(report.failed, 0, report.samples.join("\n"));
    assert.equal(report.errored, 0, report.samples.join("\n"));
    assert.ok(report.ok > 50, `only ${report.ok} requests went through`);
    assert.ok(report.closing > 0, "no answer during the drain carried Connection: close");
    assert.equal(status.code, 0, app.stderr());
    console.log(
      `shutdown under load: ${report.sent + 12} requests, ${report.failed + report.errored} failures`,
    );
  } finally {
    await load?.stop();
    await app.stop("SIGKILL");
  }
  assert.match(app.stderr(), /Captured SIGTERM\. Exiting\.\.\./);
  assert.match(app.stderr(), /Draining for 1\.5s/);
  assert.doesNotMatch(app.stderr(), /error|timeout/i);
});

Deno.test("a keep-alive client that sends until the drain ends is told to reconnect, and loses nothing", async () => {
  const app = await startApp("hello", ["-secret", SECRET, "-drain", "800ms"]);
  let load: ReturnType<typeof startLoad> | undefined;
  try {
    load = startLoad(() => app.url, [{ path: "/", expect: (body) => body === HELLO }], 3);
    await sleep(300);
    const signalled = performance.now();
    app.child.kill("SIGTERM");
    // Not readiness-aware: keeps going until 100 ms before the listener closes.
    await sleep(700 - (performance.now() - signalled));
    const report = await load.stop();
    load = undefined;
    const status = await app.status;
    assert.equal(report.failed, 0, report.samples.join("\n"));
    assert.equal(report.errored, 0, report.samples.join("\n"));
    assert.ok(report.closing > 0, "no answer during the drain carried Connection: close");
    assert.equal(status.code, 0, app.stderr());
    console.log(`drain-window client: ${report.sent} requests, ${report.failed + report.errored} failures`);
  } finally {
    await load?.stop();
    await app.stop("SIGKILL");
  }
});

Deno.test("a second signal during the drain exits at once with 143 (SIGTERM) or 130 (SIGINT), access log written", async () => {
  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    const app = await startApp("hello", ["-secret", SECRET, "-drain", "20s"]);
    try {
      app.child.kill("SIGTERM");
      await waitForStatus(`${app.healthUrl}/readiness`, 503);
      const served = await fetch(`${app.url}/version`);
      assert.equal(served.status, 200, "still serving during the drain");
      await served.body?.cancel();
      const start = performance.now();
      app.child.kill(signal);
      const status = await app.status;
      assert.equal(status.code, code, app.stderr());
      assert.ok(performance.now() - start < 3_000, "the second signal did not exit at once");
      assert.match(app.stderr(), new RegExp(`Captured ${signal} again\\. Exiting now`));
      assert.match(app.stdout(), /"GET \/version HTTP\/1\.1" 200 /, "the queued access-log line is not lost");
    } finally {
      await app.stop("SIGKILL");
    }
  }
});

Deno.test("requests still running when -shutdown-timeout expires make the exit code 1", async () => {
  const app = await startApp("auth", ["-secret", SECRET, "-shutdown-timeout", "100ms"]);
  try {
    // Forty logins on one bcrypt worker (32 queued, 8 answered 503 at once) take well over 100 ms.
    const logins = Array.from({ length: 40 }, () => login(app.url).catch(() => ({ status: 0 })));
    await sleep(50);
    app.child.kill("SIGTERM");
    const status = await app.status;
    await Promise.all(logins);
    assert.equal(status.code, 1, app.stderr());
    assert.match(app.stderr(), /Shutdown timeout \(100ms\) reached with requests in flight/);
  } finally {
    await app.stop("SIGKILL");
  }
});
