import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "../../../src/util/duration.ts";

Deno.test("duration: Go syntax in milliseconds", () => {
  assert.equal(parseDuration("0"), 0);
  assert.equal(parseDuration("0s"), 0);
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("5s"), 5000);
  assert.equal(parseDuration("1.5s"), 1500);
  assert.equal(parseDuration("1m30s"), 90_000);
  assert.equal(parseDuration("1h"), 3_600_000);
});

Deno.test("duration: anything else is not a duration", () => {
  for (const text of ["", "5", "s", "-5s", "5x", "5s!", " 5s", "five seconds", "1e3s"]) {
    assert.equal(parseDuration(text), undefined, JSON.stringify(text));
  }
});

Deno.test("duration: formatted briefly", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(250), "250ms");
  assert.equal(formatDuration(1500), "1.5s");
});
