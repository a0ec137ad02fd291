/**
 * The health server's endpoints: probes and the course's toggles.
 * @module
 */
import { Hono } from "hono";
import type { HealthState } from "../src/server/health_state.ts";
import { getOnlyFallback } from "../src/http/fallback.ts";

const probe = (ok: boolean) => new Response(null, { status: ok ? 200 : 503 });

/** Content type of Prometheus's text exposition format. */
const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * `GET /healthz` and `GET /readiness` answer 200 or 503 with an empty body;
 * `/healthz/status` and `/readiness/status` flip their probe (any method, as in the course);
 * `GET /metrics` answers what `metrics` renders (Prometheus text format), when given.
 */
export function healthApp(state: HealthState, metrics?: () => string): Hono {
  const app = new Hono();
  if (metrics) {
    app.get("/metrics", () => new Response(metrics(), { headers: { "content-type": METRICS_CONTENT_TYPE } }));
  }
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
  app.notFound(getOnlyFallback(new Set(["/healthz", "/readiness", ...(metrics ? ["/metrics"] : [])])));
  return app;
}
