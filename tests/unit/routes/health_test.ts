import assert from "node:assert/strict";
import { HealthState } from "../../../src/server/health_state.ts";
import { healthApp } from "../../../routes/health.ts";

Deno.test("health: probes answer 200 with an empty body while healthy", async () => {
  const app = healthApp(new HealthState());
  for (const path of ["/healthz", "/readiness"]) {
    const response = await app.request(path);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "");
  }
});

Deno.test("health: /status toggles flip one probe between 200 and 503", async () => {
  const state = new HealthState();
  const app = healthApp(state);
  assert.equal((await app.request("/readiness/status")).status, 200);
  assert.equal((await app.request("/readiness")).status, 503);
  assert.equal((await app.request("/healthz")).status, 200, "liveness untouched");
  assert.equal((await app.request("/readiness/status", { method: "POST" })).status, 200);
  assert.equal((await app.request("/readiness")).status, 200);
  await app.request("/healthz/status");
  assert.equal((await app.request("/healthz")).status, 503);
  assert.equal(state.live, false);
});

Deno.test("health: readiness follows the shared state (shutdown sets it false)", async () => {
  const state = new HealthState();
  const app = healthApp(state);
  state.ready = false;
  assert.equal((await app.request("/readiness")).status, 503);
});

Deno.test("health: unknown paths 404, other methods on probes 405", async () => {
  const app = healthApp(new HealthState());
  assert.equal((await app.request("/")).status, 404);
  assert.equal((await app.request("/healthz", { method: "DELETE" })).status, 405);
});
