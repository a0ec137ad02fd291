import assert from "node:assert/strict";
import { createClientShare } from "../src/auth/fair_share.ts";
import { PasswordCheckUnavailable } from "../src/auth/password.ts";
import { ReloadRegistry } from "../src/server/reload.ts";
import { AccessLogWriter } from "../src/server/access_log_writer.ts";
import { HealthState } from "../src/server/health_state.ts";
import { announcesBody, closeIfBodyUnread, refuseH2c } from "../src/server/edge/request_guards.ts";
import { trackInFlight } from "../src/server/edge/in_flight.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;

/** A task that finishes when `finish()` is called, recording the order tasks started in. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve(name)));
  return { task: () => (started.push(name), done), finish: () => finish() };
}

Deno.test("fair share: a lone client may fill the whole queue; past it, 503 busy", async () => {
  const share = createClientShare({ capacity: 4, running: 1 });
  const started: string[] = [];
  const gates = Array.from({ length: 4 }, (_, i) => gate(started, `a${i}`));
  const runs = gates.map((g) => share.run("a", g.task));
  await assert.rejects(share.run("a", () => Promise.resolve("x")), PasswordCheckUnavailable);
  for (const g of gates) g.finish();
  assert.deepEqual(await Promise.all(runs), ["a0", "a1", "a2", "a3"]);
});

Deno.test("fair share: a newcomer takes the busiest client's newest waiting place and runs next", async () => {
  const share = createClientShare({ capacity: 4, running: 1 });
  const started: string[] = [];
  const a = Array.from({ length: 4 }, (_, i) => gate(started, `a${i}`));
  const runs = a.map((g) => share.run("a", g.task).catch((e) => e));
  const b = gate(started, "b0");
  const newcomer = share.run("b", b.task);
  assert.ok((await runs[3]) instanceof PasswordCheckUnavailable, "a's newest waiting login gave its place");
  a[0].finish();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(started, ["a0", "b0"], "b runs before a's other waiting logins");
  b.finish();
  assert.equal(await newcomer, "b0");
  a[1].finish();
  a[2].finish();
  assert.deepEqual(await Promise.all(runs.slice(0, 3)), ["a0", "a1", "a2"]);
});

Deno.test("reload registry: runs every reloader, a failing one keeps the old value and is named", async () => {
  const lines: string[] = [];
  const reloads = new ReloadRegistry((line) => lines.push(line));
  let value = "old";
  reloads.onReload("broken file", () => {
    throw new Error("no such file\nstack");
  });
  reloads.onReload("good file", () => void (value = "new"));
  assert.equal(await reloads.reloadAll(), 1);
  assert.equal(value, "new");
  assert.deepEqual(lines, [
    "SIGHUP: cannot reload broken file: no such file; keeping the previous one",
    "SIGHUP: reloaded good file",
  ]);
});

Deno.test("access log: flushWithin gives up on a stalled sink, counts and reports the lines it could not write", async () => {
  const warnings: string[] = [];
  const log = new AccessLogWriter({
    write: () => new Promise(() => {}), // stdout nobody reads
    flushMs: 60_000,
    maxBuffered: 64,
    maxPending: 1,
    warn: (line) => warnings.push(line),
  });
  for (let i = 0; i < 20; i++) log.add(`line ${String(i).padStart(3, "0")}\n`);
  const started = performance.now();
  assert.equal(await log.flushWithin(100), false);
  assert.ok(performance.now() - started < 1_000);
  assert.equal(log.dropped, 20, "every line is either dropped at add or unwritten at exit");
  const reported = warnings.map((line) => Number(/^access log: (\d+) lines dropped/.exec(line)?.[1]));
  assert.equal(reported.reduce((sum, n) => sum + n, 0), 20, warnings.join("\n"));
  assert.match(warnings.at(-1)!, /lines dropped while stdout was not keeping up \(20 since start\)$/);
});

Deno.test("access log: drops while stdout stays blocked are reported without another line being logged", async () => {
  const warnings: string[] = [];
  const log = new AccessLogWriter({
    write: () => new Promise(() => {}),
    flushMs: 60_000,
    maxBuffered: 64,
    maxPending: 1,
    warn: (line) => warnings.push(line),
    reportEveryMs: 0,
  });
  for (let i = 0; i < 30; i++) log.add(`line ${String(i).padStart(3, "0")}\n`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(warnings.length, 1);
  assert.ok(log.dropped > 0);
});

Deno.test("health state: once stopped, readiness stays false whatever the toggle does", () => {
  const state = new HealthState();
  state.stop();
  assert.equal(state.ready, false);
  state.ready = !state.ready;
  assert.equal(state.ready, false);
  state.ready = !state.ready;
  assert.equal(state.ready, false);
});

Deno.test("request guards: bodies announced and unread close the connection; h2c (no Host, real authority) is refused", async (t) => {
  const ok = () => new Response("ok");
  await t.step("announcesBody", () => {
    const req = (headers: Record<string, string>) => new Request("http://x/", { headers });
    assert.equal(announcesBody(req({})), false);
    assert.equal(announcesBody(req({ "content-length": "0" })), false);
    assert.equal(announcesBody(req({ "content-length": "5" })), true);
    assert.equal(announcesBody(req({ "transfer-encoding": "chunked" })), true);
  });
  await t.step("closeIfBodyUnread", async () => {
    const handler = closeIfBodyUnread(ok);
    const withBody = new Request("http://x/", {
      method: "POST",
      body: "abc",
      headers: { "content-length": "3" },
    });
    const answer = await handler(withBody, info);
    assert.equal(answer.headers.get("connection"), "close");
    const plain = await handler(new Request("http://x/"), info);
    assert.equal(plain.headers.get("connection"), null);
  });
  await t.step("refuseH2c", async () => {
    const handler = refuseH2c(ok);
    assert.equal((await handler(new Request("http://127.0.0.1:8080/"), info)).status, 400);
    assert.equal(
      (await handler(new Request("http://localhost:8080/"), info)).status,
      200,
      "HTTP/1.x, no Host",
    );
    const withHost = new Request("http://127.0.0.1:8080/", { headers: { host: "127.0.0.1:8080" } });
    assert.equal((await handler(withHost, info)).status, 200);
  });
});

Deno.test("in flight: counts requests until their handler answers, sync or async", async () => {
  let finish!: (r: Response) => void;
  const tracked = trackInFlight((request) =>
    new URL(request.url).pathname === "/slow" ? new Promise<Response>((r) => (finish = r)) : new Response("x")
  );
  tracked.handler(new Request("http://x/"), info);
  assert.equal(tracked.count, 0);
  const slow = tracked.handler(new Request("http://x/slow"), info);
  assert.equal(tracked.count, 1);
  let idle = false;
  const waiting = tracked.idle(1).then(() => (idle = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(idle, false);
  finish(new Response("done"));
  await slow;
  await waiting;
  assert.equal(tracked.count, 0);
});
