import assert from "node:assert/strict";
import { ECHO_MS, type StopMeaning, stopSignalSorter } from "../../../src/server/signals.ts";

/** Feeds `signals` at the given fake times (ms) and returns what each one meant. */
function sortAt(arrivals: [Deno.Signal, number][]): StopMeaning[] {
  let clock = 0;
  const sort = stopSignalSorter(() => clock);
  return arrivals.map(([signal, at]) => {
    clock = at;
    return sort(signal);
  });
}

Deno.test("stop signals: one Ctrl-C and its echo are one request; a deliberate second one is another", async (t) => {
  const cases: [string, [Deno.Signal, number][], StopMeaning[]][] = [
    ["a SIGINT and its echo (deno task forwards it)", [["SIGINT", 0], ["SIGINT", 0.4]], ["first", "echo"]],
    ["an echo just inside the window", [["SIGINT", 1_000], ["SIGINT", 1_000 + ECHO_MS - 1]], [
      "first",
      "echo",
    ]],
    ["a second Ctrl-C once the window has passed", [["SIGINT", 0], ["SIGINT", ECHO_MS]], ["first", "again"]],
    ["an echo, then a deliberate Ctrl-C", [["SIGINT", 0], ["SIGINT", 1], ["SIGINT", 2 * ECHO_MS]], [
      "first",
      "echo",
      "again",
    ]],
    ["SIGTERM has no echo", [["SIGTERM", 0], ["SIGTERM", 1]], ["first", "again"]],
    ["a SIGINT right after a SIGTERM is a second request", [["SIGTERM", 0], ["SIGINT", 1]], [
      "first",
      "again",
    ]],
    ["a SIGTERM right after a SIGINT is a second request", [["SIGINT", 0], ["SIGTERM", 1]], [
      "first",
      "again",
    ]],
  ];
  for (const [name, arrivals, meanings] of cases) {
    await t.step(name, () => assert.deepEqual(sortAt(arrivals), meanings));
  }
});
