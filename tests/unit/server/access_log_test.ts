import assert from "node:assert/strict";
import { formatAccess } from "../../../src/server/access_log.ts";
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
  const log = new AccessLogWriter({ write: (bytes) => out.write(bytes), flushMs: 5, maxBuffered: 1 << 20 });
  log.add("a\n");
  log.add("b\n");
  assert.equal(out.text(), "");
  await new Promise((resolve) => setTimeout(resolve, 30));
  await log.flush();
  assert.equal(out.text(), "a\nb\n");
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

Deno.test("a failing sink does not stop later lines", async () => {
  let fail = true;
  const written: string[] = [];
  const log = new AccessLogWriter({
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
  const log = new AccessLogWriter({
    write: () => {
      calls++;
      return stalled;
    },
    flushMs: 60_000,
    maxBuffered: 64,
    maxPending: 2,
  });
  for (let i = 0; i < 100; i++) log.add(`line ${String(i).padStart(3, "0")}\n`);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(calls, 1, "writes are serial: one at the sink, one waiting");
  release();
  await log.flush();
  assert.ok(calls <= 4, `${calls} writes for 100 lines into a stalled sink`);
});
