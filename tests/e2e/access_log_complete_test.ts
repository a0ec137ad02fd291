import assert from "node:assert/strict";
import { type AppProcess, startApp } from "../../scripts/lib/app_process.ts";
import { pipeline } from "../support/pipeline.ts";

/**
 * Far more lines than the writer kept queued at once before it merged them into one write; what
 * docs/guarantees.md states (tests/deploy/guarantees_test.ts).
 */
export const GUARANTEE = { connections: 20, "pipelining # requests each": 5_000 };
const { connections: CONNECTIONS, "pipelining # requests each": PER_CONNECTION } = GUARANTEE;

/** `app_http_requests_total` summed over every series: the requests the service answered. */
async function served(app: AppProcess): Promise<number> {
  const text = await (await fetch(`${app.healthUrl}/metrics`)).text();
  let total = 0;
  for (const [, value] of text.matchAll(/^app_http_requests_total\{[^}]*\} (\d+)$/gm)) total += Number(value);
  return total;
}

async function droppedMetric(app: AppProcess): Promise<number> {
  const text = await (await fetch(`${app.healthUrl}/metrics`)).text();
  return Number(/^app_access_log_dropped_lines_total (\d+)$/m.exec(text)?.[1]);
}

/** Pipelines the load, stops the app (which writes out the log) and returns requests served and lines. */
async function loadThenCount(app: AppProcess, lines: () => Promise<number>) {
  const answers = await pipeline(Number(new URL(app.url).port), "/", CONNECTIONS, PER_CONNECTION);
  const requests = await served(app);
  const dropped = await droppedMetric(app);
  const status = await app.stop("SIGTERM");
  assert.equal(status.code, 0, app.stderr());
  return { answers, requests, dropped, lines: await lines() };
}

const countLines = (text: string) =>
  text.split("\n").filter((line) => line.includes('"GET / HTTP/1.1"')).length;

Deno.test("every answered request is in the access log when stdout keeps up", async (t) => {
  await t.step("stdout a regular file", async () => {
    const file = await Deno.makeTempFile({ suffix: ".log" });
    try {
      const app = await startApp("hello", [], {}, undefined, { stdoutFile: file });
      const seen = await loadThenCount(app, async () => countLines(await Deno.readTextFile(file)));
      assert.equal(seen.answers, CONNECTIONS * PER_CONNECTION);
      assert.equal(seen.requests, seen.answers);
      assert.equal(seen.dropped, 0, "no line is dropped to a regular file");
      assert.equal(seen.lines, seen.requests, "one line per request served");
    } finally {
      await Deno.remove(file);
    }
  });

  await t.step("stdout a pipe that is read", async () => {
    const app = await startApp("hello");
    const seen = await loadThenCount(app, () => app.status.then(() => countLines(app.stdout())));
    assert.equal(seen.answers, CONNECTIONS * PER_CONNECTION);
    assert.equal(seen.requests, seen.answers);
    assert.equal(seen.dropped, 0, "no line is dropped to a pipe that is read");
    assert.equal(seen.lines, seen.requests, "one line per request served");
  });
});
