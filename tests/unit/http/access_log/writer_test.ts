import assert from "node:assert/strict";
import { AccessLogWriter } from "../../../../src/http/access_log/writer.ts";
import { until } from "../../../../scripts/lib/wait.ts";

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
    stallMs: 0, // stalled from the first write on
    warn: (line) => warnings.push(line),
    reportEveryMs: 0,
  });
  for (let i = 0; i < 30; i++) log.add(`line ${String(i).padStart(3, "0")}\n`);
  await until("the drop report", () => warnings.length > 0);
  assert.equal(warnings.length, 1);
  assert.ok(log.dropped > 0);
});

/** 20 lines of 9 characters; a batch of 30 bytes takes one (the writer reserves 3 bytes a character). */
const LINES = Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(4, "0")}`);

Deno.test("access log: a sink that keeps taking bytes gets every line, in order, in few writes", async () => {
  const writes: string[] = [];
  const log = new AccessLogWriter({
    // Each write completes a moment later, as stdout's does while the event loop is busy.
    write: (bytes) => {
      writes.push(new TextDecoder().decode(bytes));
      return new Promise((resolve) => setTimeout(() => resolve(bytes.length)));
    },
    flushMs: 60_000,
    maxBuffered: 30,
    maxPending: 1,
    maxPendingWhileWriting: 64,
  });
  for (const line of LINES) log.add(line);
  await log.flush();
  assert.equal(log.dropped, 0);
  assert.equal(writes.join(""), LINES.join(""));
  assert.ok(
    writes.length <= 3,
    `${writes.length} writes: batches queued behind one write go out in the next`,
  );
});

Deno.test("access log: memory stays bounded; the tighter bound applies once the sink has taken nothing for stallMs", async (t) => {
  let clock = 0;
  const stalled = () =>
    new AccessLogWriter({
      write: () => new Promise(() => {}), // taken, never written
      flushMs: 60_000,
      maxBuffered: 30,
      maxPending: 2,
      maxPendingWhileWriting: 8,
      stallMs: 1_000,
      now: () => clock,
      warn: () => {},
    });
  await t.step("within stallMs of the last progress: up to maxPendingWhileWriting batches wait", () => {
    clock = 0;
    const log = stalled();
    for (const line of LINES) log.add(line);
    log.flush();
    assert.equal(log.dropped, LINES.length - 8);
  });
  await t.step("past stallMs without progress: past maxPending batches, lines are dropped", () => {
    clock = 0;
    const log = stalled();
    log.add(LINES[0]);
    log.add(LINES[1]); // the first batch is handed to the sink
    clock = 1_000;
    for (const line of LINES.slice(2)) log.add(line);
    log.flush();
    assert.equal(log.dropped, LINES.length - 2);
  });
});

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
  await until("the timer's write", () => out.text() !== "");
  assert.equal(out.text(), "a\nb\n");
  assert.equal(writes, 1, "both lines in one write");
});

Deno.test("the access log writes at once when the buffer is full", async () => {
  const out = sink();
  const log = new AccessLogWriter({ write: out.write, flushMs: 60_000, maxBuffered: 10 });
  log.add("0123456789\n");
  // Long before flushMs (a minute): the full buffer is written at once.
  await until("the full buffer's write", () => out.text() !== "", { timeoutMs: 5_000 });
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
  await until("the first write", () => calls > 0);
  // One more turn of the event loop, in which a second write would start if writes were not serial.
  await new Promise((resolve) => setTimeout(resolve, 0));
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
