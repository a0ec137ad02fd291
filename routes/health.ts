/**
 * The health server's endpoints: probes and the course's toggles.
 * @module
 */
import { Hono } from "hono";
import type { HealthState } from "../src/server/health_state.ts";
import { getOnlyFallback } from "../src/http/fallback.ts";

const probe = (ok: boolean) => new Response(null, { status: ok ? 200 : 503 });

/**
 * `GET /healthz` and `GET /readiness` answer 200 or 503 with an empty body;
 * `/healthz/status` and `/readiness/status` flip their probe (any method, as in the course).
 */
export function healthApp(state: HealthState): Hono {
  const app = new Hono();
  app.get("/healthz", () => probe(state.live));
  app.get("/readiness", () => probe(state.ready));
  app.all("/healthz/status", () => {
    state.live = !state.live;
    return new Response(null, { status: 200 });
  });
  app.all("/readiness/status", () => {
    state.toggle = !state.toggle;
    return new Response(null, { status: 200 });
  });
  app.notFound(getOnlyFallback(new Set(["/healthz", "/readiness"])));
  return app;
}
