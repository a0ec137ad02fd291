/**
 * `deno bench -A bench/metrics_record_bench.ts`: CPU per request of recording the request
 * metrics (counter by route/method/status, duration histogram, in-flight gauge) with our registry
 * and with prom-client's labelled calls. Less sensitive to a busy machine than wrk's throughput.
 * @module
 */
import promClient from "npm:prom-client@15.1.3";
import { Registry } from "../src/metrics/registry.ts";
import { DURATION_BUCKETS, HttpMetrics } from "../src/metrics/http_metrics.ts";

const own = new HttpMetrics(new Registry(), ["/", "/secure", "/login", "/version"]);
const registry = new promClient.Registry();
const requests = new promClient.Counter({
  name: "app_http_requests_total",
  help: "h",
  labelNames: ["route", "method", "status"],
  registers: [registry],
});
const durations = new promClient.Histogram({
  name: "app_http_request_duration_seconds",
  help: "h",
  labelNames: ["route"],
  buckets: [...DURATION_BUCKETS],
  registers: [registry],
});
const inFlight = new promClient.Gauge({
  name: "app_http_requests_in_flight",
  help: "h",
  registers: [registry],
});
const paths = ["/", "/secure", "/", "/nope"];
let i = 0;

Deno.bench("own registry: record one request", { group: "record", baseline: true }, () => {
  const path = paths[i++ & 3];
  own.inFlight.value++;
  own.inFlight.value--;
  own.record(path, "GET", 200, 0.0003);
});

Deno.bench("prom-client: record one request", { group: "record" }, () => {
  const path = paths[i++ & 3];
  const route = path === "/nope" ? "unmatched" : path;
  inFlight.inc();
  inFlight.dec();
  requests.inc({ route, method: "GET", status: String(200) });
  durations.observe({ route }, 0.0003);
});
