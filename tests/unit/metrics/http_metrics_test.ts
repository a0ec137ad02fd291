import assert from "node:assert/strict";
import { Registry } from "../../../src/metrics/registry.ts";
import { DURATION_BUCKETS, HttpMetrics, UNMATCHED_ROUTE } from "../../../src/metrics/http_metrics.ts";

function bucketOf(seconds: number): [number, number] {
  const i = DURATION_BUCKETS.findIndex((bound) => seconds <= bound);
  return [DURATION_BUCKETS[i - 1] ?? 0, DURATION_BUCKETS[i]];
}

Deno.test("the duration buckets tell a 0.3 ms hello from a 1 ms one, and a 70 ms login from a 100 ms one", () => {
  assert.deepEqual(bucketOf(0.0003), [0.00025, 0.0005]);
  assert.notDeepEqual(bucketOf(0.0003), bucketOf(0.001));
  assert.deepEqual(bucketOf(0.07), [0.05, 0.075]);
  assert.notDeepEqual(bucketOf(0.07), bucketOf(0.1));
});

Deno.test("request metrics keep label values bounded: unknown paths and methods share one value each", () => {
  const registry = new Registry();
  const http = new HttpMetrics(registry, ["/", "/secure"]);
  for (let i = 0; i < 500; i++) http.record(`/random/${crypto.randomUUID()}`, "GET", 404, 0.0001);
  for (const method of ["BREW", "PROPFIND", "get"]) http.record("/", method, 405, 0.0001);
  http.record("/secure", "GET", 200, 0.0002);
  http.record("/secure", "GET", 200, 0.0002);
  const text = registry.render();
  const series = text.split("\n").filter((line) => line.startsWith("app_http_requests_total{"));
  assert.deepEqual(series, [
    `app_http_requests_total{route="${UNMATCHED_ROUTE}",method="GET",status="404"} 500`,
    `app_http_requests_total{route="/",method="OTHER",status="405"} 3`,
    `app_http_requests_total{route="/secure",method="GET",status="200"} 2`,
  ]);
  assert.equal(http.route("/secure"), "/secure");
  assert.equal(http.route("/secure/"), UNMATCHED_ROUTE);
  assert.ok(!text.includes("/random/"), "a raw path never becomes a label value");
  assert.match(text, /^app_http_request_duration_seconds_count\{route="unmatched"\} 500$/m);
  assert.match(text, /^app_http_request_duration_seconds_bucket\{route="\/secure",le="0.00025"\} 2$/m);
});

Deno.test("the registry escapes label values and refuses a name registered twice", () => {
  const registry = new Registry();
  registry.gauge("odd_labels", "Labels that need escaping.").series({ v: 'a"b\\c\nd' }).inc();
  assert.match(registry.render(), /^odd_labels\{v="a\\"b\\\\c\\nd"\} 1$/m);
  assert.throws(() => registry.counter("odd_labels", "again"), /registered twice/);
});
