import assert from "node:assert/strict";
import { AccessLogWriter } from "../../../src/server/access_log_writer.ts";

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
  await new Promise((resolve) => setTimeout(resolve, 20));
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
