import assert from "node:assert/strict";
import { HealthState } from "../../../src/server/health_state.ts";

Deno.test("health state: once stopped, readiness stays false whatever the toggle does", () => {
  const state = new HealthState();
  state.stop();
  assert.equal(state.ready, false);
  state.ready = !state.ready;
  assert.equal(state.ready, false);
  state.ready = !state.ready;
  assert.equal(state.ready, false);
});
