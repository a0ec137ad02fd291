import assert from "node:assert/strict";
import { HealthState } from "../../../src/server/health_state.ts";

Deno.test("health state: ready = toggle on, not stopped, nothing awaited", async (t) => {
  const cases = [
    { toggle: true, stopped: false, waiting: false, ready: true },
    { toggle: false, stopped: false, waiting: false, ready: false },
    { toggle: true, stopped: true, waiting: false, ready: false },
    { toggle: true, stopped: false, waiting: true, ready: false },
    { toggle: false, stopped: true, waiting: true, ready: false },
  ];
  for (const c of cases) {
    await t.step(`toggle ${c.toggle}, stopped ${c.stopped}, waiting ${c.waiting} -> ${c.ready}`, () => {
      const state = new HealthState();
      state.toggle = c.toggle;
      if (c.stopped) state.stop();
      if (c.waiting) state.waitFor("keys");
      assert.equal(state.ready, c.ready);
    });
  }
});

Deno.test("health state: once stopped, readiness stays false whatever the toggle or a finished wait does", () => {
  const state = new HealthState();
  const loaded = state.waitFor("the first JWKS fetch");
  state.stop();
  assert.equal(state.ready, false);
  for (let i = 0; i < 2; i++) {
    state.toggle = !state.toggle;
    assert.equal(state.ready, false);
  }
  loaded();
  state.toggle = true;
  assert.equal(state.ready, false);
  assert.equal(state.stopping, true);
});

Deno.test("health state: a wait ends only when its own done function is called, and the toggle cannot end it", () => {
  const state = new HealthState();
  const keys = state.waitFor("keys");
  const users = state.waitFor("users");
  state.toggle = false;
  state.toggle = true;
  keys();
  assert.equal(state.ready, false);
  assert.deepEqual([...state.waitingFor], ["users"]);
  users();
  users();
  assert.equal(state.ready, true);
});
