import assert from "node:assert/strict";
import { InFlight } from "../../../src/server/in_flight.ts";

Deno.test("in flight: idle resolves once every started request is done", async () => {
  const inFlight = new InFlight();
  await inFlight.idle(1);
  inFlight.start();
  inFlight.start();
  let idle = false;
  const waiting = inFlight.idle(1).then(() => (idle = true));
  inFlight.done();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(idle, false, "one request is still being answered");
  assert.equal(inFlight.count, 1);
  inFlight.done();
  await waiting;
  assert.equal(inFlight.count, 0);
});
