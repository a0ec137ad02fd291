import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "../../../src/util/duration.ts";

Deno.test("duration: Go syntax in milliseconds", async (t) => {
  const cases: [string, number][] = [
    ["0", 0],
    ["0s", 0],
    ["500ms", 500],
    ["5s", 5000],
    ["1.5s", 1500],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
  ];
  for (const [text, ms] of cases) {
    await t.step(`${text} = ${ms} ms`, () => assert.equal(parseDuration(text), ms));
  }
});

Deno.test("duration: anything else is not a duration", async (t) => {
  for (const text of ["", "5", "s", "-5s", "5x", "5s!", " 5s", "five seconds", "1e3s"]) {
    await t.step(JSON.stringify(text), () => assert.equal(parseDuration(text), undefined));
  }
});

Deno.test("duration: formatted briefly", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(250), "250ms");
  assert.equal(formatDuration(1500), "1.5s");
});
