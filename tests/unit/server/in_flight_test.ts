import assert from "node:assert/strict";
import { InFlight } from "../../../src/server/in_flight.ts";

/** Lets every pending promise callback run (no timer: only the microtask queue). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

Deno.test("in flight: idle resolves once every started request is done, woken by the last one", async () => {
  const inFlight = new InFlight();
  await inFlight.idle();
  inFlight.start();
  inFlight.start();
  let idle = false;
  const waiting = inFlight.idle().then(() => (idle = true));
  inFlight.done();
  await settle();
  assert.equal(idle, false, "one request is still being answered");
  assert.equal(inFlight.count, 1);
  inFlight.done();
  await waiting;
  assert.equal(inFlight.count, 0);
});
