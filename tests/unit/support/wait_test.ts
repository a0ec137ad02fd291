import assert from "node:assert/strict";
import { until, within } from "../../../scripts/lib/wait.ts";

Deno.test("until: resolves the first answer that holds, asking again until then", async () => {
  let asked = 0;
  const value = await until("the third answer", () => (++asked === 3 ? "third" : undefined), { everyMs: 1 });
  assert.equal(value, "third");
  assert.equal(asked, 3);
});

Deno.test("until: fails naming what it waited for, with the detail, once the deadline passes", async () => {
  await assert.rejects(
    until("a condition that never holds", () => false, { timeoutMs: 0, everyMs: 1, detail: () => "the log" }),
    /timed out after 0 ms waiting for a condition that never holds:\nthe log/,
  );
});

Deno.test("until: a check that throws ends the wait with its error", async () => {
  await assert.rejects(until("anything", () => Promise.reject(new Error("broken"))), /broken/);
});

Deno.test("within: passes a settled promise through and leaves no timer behind", async () => {
  assert.equal(await within(Promise.resolve(7), 60_000, () => "late"), 7);
  await assert.rejects(within(Promise.reject(new Error("own")), 60_000, () => "late"), /own/);
});

Deno.test("within: rejects with the message when the promise does not settle in time", async () => {
  await assert.rejects(within(new Promise(() => {}), 1, () => "nothing happened"), /nothing happened/);
});
