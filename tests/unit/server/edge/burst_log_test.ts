import assert from "node:assert/strict";
import { createBurstLog } from "../../../../src/server/edge/burst_log.ts";
import { within } from "../../../../scripts/lib/wait.ts";

const EMFILE = "too many open files (os error 24)";

/** A burst log with a 0 ms quiet period and its lines, plus a promise for the next line. */
function recorded() {
  const lines: string[] = [];
  let nextLine = () => {};
  const burst = createBurstLog({
    quietMs: 0,
    warn: (line) => {
      lines.push(line);
      nextLine();
    },
  });
  const next = () => new Promise<void>((resolve) => (nextLine = resolve));
  return { burst, lines, next };
}

Deno.test("burst log: both listeners failing in one burst log one line, and count together for the backoff", () => {
  const { burst, lines } = recorded();
  assert.equal(burst.failed("health service 127.0.0.1:8081", EMFILE), 1);
  assert.equal(burst.failed("HTTP service 127.0.0.1:8080", EMFILE), 2);
  burst.reopened();
  assert.equal(burst.failed("HTTP service 127.0.0.1:8080", EMFILE), 3, "a failure right after a reopen");
  assert.deepEqual(lines, [`health service 127.0.0.1:8081: accept: ${EMFILE}; retrying`]);
});

Deno.test("burst log: the burst ends once no listener fails for the quiet period; the next failure is a new burst", async () => {
  const { burst, lines, next } = recorded();
  burst.failed("health service 127.0.0.1:8081", EMFILE);
  burst.failed("HTTP service 127.0.0.1:8080", EMFILE);
  const ended = next();
  burst.reopened();
  burst.reopened();
  // A deadline, and it keeps the test alive: the log's own timer is unref'd.
  await within(ended, 5_000, () => `no end-of-burst line: ${lines.join("\n")}`);
  assert.equal(lines.at(-1), "accepting again (listeners reopened 2 time(s))");
  assert.equal(burst.failed("HTTP service 127.0.0.1:8080", EMFILE), 1, "a new burst starts its backoff anew");
  assert.equal(lines.length, 3, lines.join("\n"));
  assert.equal(lines[2], `HTTP service 127.0.0.1:8080: accept: ${EMFILE}; retrying`);
});

Deno.test("burst log: a reopen with no failure before it logs nothing", async () => {
  const { burst, lines } = recorded();
  burst.reopened();
  // Proof that the quiet period has passed: a burst log whose burst ends later (its timer was set
  // after any this reopen could have set, with the same 0 ms) has logged its end.
  const later = recorded();
  later.burst.failed("HTTP service 127.0.0.1:8080", EMFILE);
  const ended = later.next();
  later.burst.reopened();
  await within(ended, 5_000, () => "the later burst never ended");
  assert.deepEqual(lines, []);
});
