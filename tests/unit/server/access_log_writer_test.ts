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
    warn: (line) => warnings.push(line),
    reportEveryMs: 0,
  });
  for (let i = 0; i < 30; i++) log.add(`line ${String(i).padStart(3, "0")}\n`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(warnings.length, 1);
  assert.ok(log.dropped > 0);
});
