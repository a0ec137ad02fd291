import assert from "node:assert/strict";
import { formatAccess, logRequests } from "../../../src/http/access_log.ts";
import { AccessLogWriter } from "../../../src/server/access_log_writer.ts";

function sink() {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  // Writes at most 7 bytes per call, like a pipe that takes part of a chunk.
  const write = (bytes: Uint8Array) => {
    const n = Math.min(7, bytes.length);
    chunks.push(decoder.decode(bytes.subarray(0, n)));
    return Promise.resolve(n);
  };
  return { chunks, write, text: () => chunks.join("") };
}

Deno.test("the access log writes every line, in order, on flush", async () => {
  const out = sink();
  const log = new AccessLogWriter({ write: out.write, flushMs: 60_000 });
  const lines = Array.from({ length: 500 }, (_, i) => `line ${i}\n`);
  for (const line of lines) log.add(line);
  await log.flush();
  assert.equal(out.text(), lines.join(""));
});

Deno.test("the access log writes by itself after flushMs, batching the lines", async () => {
  const out = sink();
  let writes = 0;
  const log = new AccessLogWriter({
    write: (bytes) => {
      writes++;
      return out.write(bytes);
    },
    flushMs: 5,
    maxBuffered: 1 << 20,
  });
  log.add("a\n");
  log.add("b\n");
  assert.equal(out.text(), "", "nothing before flushMs");
  // No flush() here: only the timer can write. The sink takes 7 bytes per call, so one batch
  // of 4 bytes is one write.
  const deadline = performance.now() + 5_000;
  while (out.text() === "" && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(out.text(), "a\nb\n");
  assert.equal(writes, 1, "both lines in one write");
});

Deno.test("the access log writes at once when the buffer is full", async () => {
  const out = sink();
  const log = new AccessLogWriter({ write: out.write, flushMs: 60_000, maxBuffered: 10 });
  log.add("0123456789\n");
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(out.text(), "0123456789\n");
  await log.flush();
});

Deno.test("a failing sink does not stop later lines; the lines it lost are counted as dropped", async () => {
  let fail = true;
  const written: string[] = [];
  const warnings: string[] = [];
  const log = new AccessLogWriter({
    warn: (line) => warnings.push(line),
    reportEveryMs: 0,
    write: (bytes) => {
      if (fail) return Promise.reject(new Error("EPIPE"));
      written.push(new TextDecoder().decode(bytes));
      return Promise.resolve(bytes.length);
    },
    flushMs: 60_000,
  });
  log.add("lost\n");
  await log.flush();
  fail = false;
  log.add("kept\n");
  await log.flush();
  assert.deepEqual(written, ["kept\n"]);
  assert.equal(log.dropped, 1);
  assert.ok(await log.flushWithin(100));
  assert.match(warnings.join("\n"), /access log: 1 lines dropped/);
});

Deno.test("access-log lines quote the request line and user agent exactly as JSON would", () => {
  const agents = [
    "curl/8.0",
    'say "hi"',
    "back\\slash",
    "ctl\u0001\n",
    "é😀",
    "\u2028",
    "\ud800",
    "\u007f\u0085",
  ];
  for (const agent of agents) {
    const line = formatAccess({
      remote: "127.0.0.1:1",
      method: "GET",
      path: '/a"b',
      status: 200,
      durationMs: 1,
      userAgent: agent,
    }, 0);
    assert.ok(line.endsWith(` ${JSON.stringify(agent)}\n`), JSON.stringify(agent));
    assert.ok(line.includes(` ${JSON.stringify('GET /a"b HTTP/1.1')} `));
    assert.equal(line.split("\n").length, 2, "one line, whatever the agent holds");
  }
});

Deno.test("a stalled sink holds a bounded number of batches; the rest is dropped, not buffered", async () => {
  let release!: () => void;
  const stalled = new Promise<number>((resolve) => (release = () => resolve(1 << 20)));
  let calls = 0;
  const warnings: string[] = [];
  const log = new AccessLogWriter({
    write: () => {
      calls++;
      return stalled;
    },
    flushMs: 60_000,
    maxBuffered: 64,
    maxPending: 2,
    stallMs: 0, // stalled from its first write on (the bound for a sink that makes progress is larger)
    warn: (line) => warnings.push(line),
  });
  for (let i = 0; i < 100; i++) log.add(`line ${String(i).padStart(3, "0")}\n`);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(calls, 1, "writes are serial: one at the sink, one waiting");
  release();
  await log.flush();
  assert.ok(calls <= 4, `${calls} writes for 100 lines into a stalled sink`);
  assert.ok(log.dropped > 0, "lines were dropped");
  // Reported on stderr (here: captured), rate-limited: one line so far, for what was dropped by then.
  assert.equal(warnings.length, 1, warnings.join("\n"));
  const [, reported] = /^access log: (\d+) lines dropped while stdout was not keeping up/.exec(warnings[0]) ??
    [];
  assert.ok(Number(reported) > 0 && Number(reported) <= log.dropped, warnings[0]);
});

Deno.test("logRequests: one line per request with client, method, path, final status and user agent", async () => {
  const lines: string[] = [];
  const log = new AccessLogWriter({
    write: (bytes) => {
      lines.push(...new TextDecoder().decode(bytes).split("\n").filter(Boolean));
      return Promise.resolve(bytes.length);
    },
    flushMs: 60_000,
  });
  const statuses: Record<string, number> = { "/": 200, "/missing": 404, "/boom": 500 };
  const inner = (request: Request) => {
    const path = new URL(request.url).pathname;
    const response = new Response(null, { status: request.method === "POST" ? 405 : statuses[path] });
    // One synchronous and one asynchronous answer: both are logged.
    return path === "/boom" ? Promise.resolve(response) : response;
  };
  const handler = logRequests(inner, log, (request) => new URL(request.url).pathname);
  const info = {
    remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 5555 },
    completed: Promise.resolve(),
  };
  const request = (path: string, init?: RequestInit) =>
    handler(new Request(`http://localhost${path}`, init), info);
  assert.ok(
    request("/", { headers: { "User-Agent": "spec/1" } }) instanceof Response,
    "a sync answer stays sync",
  );
  await request("/", { method: "HEAD" });
  await request("/", { method: "POST" });
  await request("/missing?q=1");
  assert.ok(request("/boom") instanceof Promise);
  await new Promise((resolve) => setTimeout(resolve, 0));
  await log.flush();
  assert.equal(lines.length, 5);
  assert.match(
    lines[0],
    /^127\.0\.0\.1:5555 - - \[.+ UTC\] "GET \/ HTTP\/1\.1" 200 \d+\.\d{3}ms "spec\/1" [0-9a-f]{32}$/,
  );
  assert.match(lines[1], /"HEAD \/ HTTP\/1\.1" 200 /);
  assert.match(lines[2], /"POST \/ HTTP\/1\.1" 405 /);
  assert.match(lines[3], /"GET \/missing HTTP\/1\.1" 404 .* - [0-9a-f]{32}$/);
  assert.match(lines[4], /"GET \/boom HTTP\/1\.1" 500 /);
});
