import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { type Call, startLoad, waitForStatus } from "../support/load.ts";
import { basicHeaders } from "../support/credentials.ts";
import { accepts, statusOf, until, within } from "../../scripts/lib/wait.ts";

const SECRET = "shutdown-test-secret";
const BASIC = basicHeaders("user:password");
const HELLO = '{"message":"Hello"}\n';

/** What docs/guarantees.md states about the logins sent at the end of the drain (tests/deploy/guarantees_test.ts). */
export const GUARANTEE = { "between # and": 8, "# logins sent at the end of the drain": 32 };
const { "between # and": MIN_LOGINS, "# logins sent at the end of the drain": MAX_LOGINS } = GUARANTEE;

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

/**
 * Opens a new connection every 10 ms until one is refused; resolves when (`performance.now()`) and
 * how many were accepted before it.
 */
async function refusal(port: number): Promise<{ at: number; acceptedBefore: number }> {
  let acceptedBefore = 0;
  await until("the listener to refuse connections", async () => {
    if (!(await accepts(port))) return true;
    acceptedBefore++;
    return false;
  }, { timeoutMs: 20_000, everyMs: 10 });
  return { at: performance.now(), acceptedBefore };
}

/**
 * Resolves `ms` after `from` on the `performance.now()` clock. Only for aiming at a point in the
 * app's own drain (its `-drain` timer, started at the signal): no event marks "shortly before the
 * drain ends", and a client that keeps sending until the listener closes races the close.
 */
function atDrainTime(from: number, ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, from + ms - performance.now())));
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
    const started = performance.now();
    await login(app.url);
    const loginMs = performance.now() - started;
    // Like an endpoint controller: keeps sending until it has seen readiness 503, and for a
    // propagation delay after that (well inside the drain).
    load = startLoad(() => app.url, monolithCalls(token), 4);
    const report = load.report;
    await until("the load to flow before the signal", () => report.ok >= 20);
    const signalled = performance.now();
    app.child.kill("SIGTERM");
    // Readiness turns 503 in the same step that begins the drain, before the drain's line is
    // written: one look once the line is there, no polling.
    await app.waitFor("stderr", /Draining for 1\.5s/);
    assert.equal(
      await statusOf(`${app.healthUrl}/readiness`),
      503,
      "readiness still 200 once the drain began",
    );
    // Liveness stays 200 through the drain: a kubelet must not restart a pod that is draining.
    assert.equal(await statusOf(`${app.healthUrl}/healthz`), 200);
    // Serving through the drain, for a propagation delay counted in answers: 50 that tell the
    // client to reconnect, each on a new connection.
    await until("50 answers with Connection: close during the drain", () => report.closing >= 50);
    await load.stop();
    load = undefined;

    // Logins sent late in the drain are still queued for the one bcrypt worker when the listener
    // closes; every one must get its token. Enough are sent to outlast the drain by ~500 ms at
    // the speed one login took here, so some are in flight at the close on any CPU.
    await atDrainTime(signalled, drainMs - 150);
    const count = Math.min(MAX_LOGINS, Math.max(MIN_LOGINS, Math.ceil(650 / loginMs)));
    const closed = refusal(Number(new URL(app.url).port));
    const logins = await Promise.all(
      Array.from({ length: count }, async () => ({ ...(await login(app.url)), at: performance.now() })),
    );
    const { at: closedAt, acceptedBefore } = await closed;
    const status = await app.status;
    const answeredAfter = logins.filter((login) => login.at > closedAt).length;

    // Order, not time: the listener still took connections when the logins were sent, late in the drain.
    assert.ok(acceptedBefore > 0, "the listener had closed before the end of the drain");
    assert.deepEqual(
      logins.map((l) => l.status),
      Array(count).fill(200),
      "a login in flight at shutdown was cut off",
    );
    assert.ok(
      answeredAfter > 0,
      `all ${count} logins were answered before the listener closed: nothing tested`,
    );
    assert.equal(report.failed, 0, report.samples.join("\n"));
    assert.equal(report.errored, 0, report.samples.join("\n"));
    assert.ok(report.ok > 50, `only ${report.ok} requests went through`);
    assert.ok(report.closing > 0, "no answer during the drain carried Connection: close");
    assert.equal(status.code, 0, app.stderr());
    console.log(
      `shutdown under load: ${report.sent + count} requests, ${report.failed + report.errored} failures; ` +
        `${answeredAfter} of ${count} logins (${
          loginMs.toFixed(0)
        } ms each) answered after the listener closed`,
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
    await until("the load to flow before the signal", () => load!.report.ok >= 20);
    const signalled = performance.now();
    app.child.kill("SIGTERM");
    // Not readiness-aware: keeps going until 100 ms before the listener closes.
    await atDrainTime(signalled, 700);
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

Deno.test("a second signal during the drain exits at once with 143 (SIGTERM) or 130 (SIGINT), access log written", async (t) => {
  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    await t.step(`SIGTERM, then ${signal}: exit ${code}`, async () => {
      const app = await startApp("hello", ["-secret", SECRET, "-drain", "20s"]);
      try {
        app.child.kill("SIGTERM");
        await waitForStatus(`${app.healthUrl}/readiness`, 503);
        const served = await fetch(`${app.url}/version`);
        assert.equal(served.status, 200, "still serving during the drain");
        await served.body?.cancel();
        app.child.kill(signal);
        // A deadline, not a measurement: half the 20 s drain that a missed second signal would run out.
        const status = await within(
          app.status,
          10_000,
          () => `no exit after the second signal:\n${app.stderr()}`,
        );
        assert.equal(status.code, code, app.stderr());
        assert.match(app.stderr(), new RegExp(`Captured ${signal} again\\. Exiting now`));
        assert.match(
          app.stdout(),
          /"GET \/version HTTP\/1\.1" 200 /,
          "the queued access-log line is not lost",
        );
      } finally {
        await app.stop("SIGKILL");
      }
    });
  }
});

Deno.test("requests still running when -shutdown-timeout expires make the exit code 1", async () => {
  const app = await startApp("auth", ["-secret", SECRET, "-shutdown-timeout", "100ms"]);
  try {
    // Forty logins on one bcrypt worker (32 queued, 8 answered 503 at once) take well over 100 ms.
    const logins = Array.from({ length: 40 }, () => login(app.url).catch(() => ({ status: 0 })));
    // SIGTERM at the first token: the one worker is busy and the logins behind it are queued.
    await new Promise<void>((resolve) => logins.forEach((l) => l.then((s) => s.status === 200 && resolve())));
    app.child.kill("SIGTERM");
    const status = await app.status;
    await Promise.all(logins);
    assert.equal(status.code, 1, app.stderr());
    assert.match(app.stderr(), /Shutdown timeout \(100ms\) reached with requests in flight/);
  } finally {
    await app.stop("SIGKILL");
  }
});

Deno.test("at -shutdown-timeout every accepted login still gets an answer: 200, or 503 with Retry-After, never a closed connection", async () => {
  const app = await startApp("auth", [
    "-secret",
    SECRET,
    "-shutdown-timeout",
    "100ms",
    "-login-failures",
    "0",
  ]);
  try {
    const answers = Array.from({ length: 40 }, async () => {
      try {
        const response = await fetch(`${app.url}/login`, { headers: BASIC });
        await response.body?.cancel();
        return `${response.status} ${response.headers.get("Retry-After") ?? "-"}`;
      } catch {
        return "closed";
      }
    });
    // Without the limiter all 40 reach the bcrypt queue (32 places: 8 answered 503 at once). SIGTERM at
    // the first token: the worker is running and the rest are queued behind it.
    await new Promise<void>((resolve) =>
      answers.forEach((a) => a.then((s) => s.startsWith("200") && resolve()))
    );
    app.child.kill("SIGTERM");
    const status = await app.status;
    const seen = await Promise.all(answers);
    const count = (what: string) => seen.filter((s) => s === what).length;
    console.log(`200: ${count("200 -")}, 503: ${count("503 1")}, closed: ${count("closed")}`);
    assert.equal(count("200 -") + count("503 1"), 40, `every login answered: ${JSON.stringify(seen)}`);
    assert.ok(count("200 -") > 0 && count("503 1") > 8, "the timeout cut queued logins short");
    assert.equal(status.code, 1, app.stderr());
  } finally {
    await app.stop("SIGKILL");
  }
});

Deno.test("a first SIGTERM or SIGINT shuts down cleanly with exit 0", async (t) => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    await t.step(signal, async () => {
      const app = await startApp("monolith", ["-secret", SECRET]);
      const status = await app.stop(signal);
      assert.equal(status.code, 0, app.stderr());
      assert.match(app.stderr(), new RegExp(`Captured ${signal}\\. Exiting\\.\\.\\.`));
    });
  }
});
