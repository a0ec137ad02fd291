/**
 * One side of the metrics A/B (bench/metrics_ab.ts): `GET /` through the app's own request
 * decorator (request id, access log to stdout) with request metrics kept by `own` (our registry,
 * src/metrics/), `prom-client` (npm, its idiomatic labelled calls) or `none`; `/metrics` renders them.
 * Usage: `deno run -A bench/metrics_ab_server.ts own|prom-client|none PORT`.
 * @module
 */
import { buildApp } from "../src/http/app.ts";
import { hello } from "../routes/hello.ts";
import { logRequests, type RequestObservers } from "../src/server/access_log.ts";
import { AccessLogWriter } from "../src/server/access_log_writer.ts";
import { createTokenService } from "../src/auth/tokens.ts";
import { createAppMetrics } from "../src/metrics/app_metrics.ts";
import { DURATION_BUCKETS } from "../src/metrics/http_metrics.ts";

const [variant, portText] = Deno.args;
const routes = ["/"];
const app = buildApp([hello], {
  tokens: createTokenService({ secret: "ab" }),
  checkPassword: () => Promise.resolve(undefined),
  version: "ab",
});

let observers: RequestObservers = {};
let render: () => string | Promise<string> = () => "";
if (variant === "own") {
  const metrics = createAppMetrics({ mode: "hello", version: "ab", routes });
  const { http } = metrics;
  observers = {
    routeOf: (path) => http.route(path),
    begin: () => http.inFlight.value++,
    end: (path, method, status, seconds) => {
      http.inFlight.value--;
      http.record(path, method, status, seconds);
    },
  };
  render = () => metrics.registry.render();
} else if (variant === "prom-client") {
  // Loaded only on this side, so the other two do not pay for its modules.
  const { default: promClient } = await import("npm:prom-client@15.1.3");
  const registry = new promClient.Registry();
  promClient.collectDefaultMetrics({ register: registry });
  const requests = new promClient.Counter({
    name: "app_http_requests_total",
    help: "HTTP requests answered.",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  const durations = new promClient.Histogram({
    name: "app_http_request_duration_seconds",
    help: "Request duration.",
    labelNames: ["route"],
    buckets: [...DURATION_BUCKETS],
    registers: [registry],
  });
  const inFlight = new promClient.Gauge({
    name: "app_http_requests_in_flight",
    help: "In flight.",
    registers: [registry],
  });
  const routeOf = (path: string) => routes.includes(path) ? path : "unmatched";
  observers = {
    routeOf,
    begin: () => inFlight.inc(),
    end: (path, method, status, seconds) => {
      inFlight.dec();
      const route = routeOf(path);
      requests.inc({ route, method, status: String(status) });
      durations.observe({ route }, seconds);
    },
  };
  render = () => registry.metrics();
} else if (variant !== "none") {
  throw new Error(`unknown variant ${variant}`);
}

const handler = logRequests(app.fetch, new AccessLogWriter(), (request) => app.getPath(request), observers);
Deno.serve({ hostname: "127.0.0.1", port: Number(portText), onListen: () => {} }, (request, info) => {
  if (new URL(request.url).pathname === "/metrics") {
    return Promise.resolve(render()).then((t) => new Response(t));
  }
  return handler(request, info);
});
