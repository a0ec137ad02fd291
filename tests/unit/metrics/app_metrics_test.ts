import assert from "node:assert/strict";
import { type AppMetricsOptions, createAppMetrics } from "../../../src/metrics/app_metrics.ts";

/** Samples of an exposition by `name{labels}`, and each family's declared type. */
function scrape(text: string) {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  assert.ok(text.endsWith("\n"));
  for (const line of text.trimEnd().split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line.startsWith("#")) continue;
    const sample = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    assert.ok(sample, `not a sample line: ${line}`);
    assert.ok(!samples.has(sample[1]), `series twice: ${sample[1]}`);
    samples.set(sample[1], Number(sample[2]));
  }
  return { samples, types };
}

const base: AppMetricsOptions = { mode: "auth", version: "1.2.3", routes: ["/login", "/version"] };

Deno.test("app metrics: an info series with version, mode and Deno's version", () => {
  const { samples, types } = scrape(createAppMetrics(base).registry.render());
  assert.equal(samples.get(`app_info{version="1.2.3",mode="auth",deno="${Deno.version.deno}"}`), 1);
  assert.equal(types.get("app_info"), "gauge");
});

Deno.test("app metrics: a version with quotes, backslashes or newlines cannot break the exposition", () => {
  const { samples } = scrape(createAppMetrics({ ...base, version: 'v1"\\\nx' }).registry.render());
  assert.equal(samples.get(`app_info{version="v1\\"\\\\\\nx",mode="auth",deno="${Deno.version.deno}"}`), 1);
});

Deno.test("app metrics: every login outcome and token check is exported from zero and counted apart", async (t) => {
  const metrics = createAppMetrics(base);
  const outcomes = ["ok", "bad_credentials", "busy", "limited"] as const;
  const results = ["valid", "invalid", "cached"] as const;
  await t.step("all at 0 before anything happened (rate() needs the zero)", () => {
    const { samples, types } = scrape(metrics.registry.render());
    for (const outcome of outcomes) assert.equal(samples.get(`app_logins_total{outcome="${outcome}"}`), 0);
    for (const result of results) assert.equal(samples.get(`app_token_checks_total{result="${result}"}`), 0);
    assert.equal(types.get("app_logins_total"), "counter");
    assert.equal(types.get("app_token_checks_total"), "counter");
  });
  await t.step("each count lands in its own series", () => {
    outcomes.forEach((outcome, i) => {
      for (let n = 0; n <= i; n++) metrics.login(outcome);
    });
    results.forEach((result, i) => {
      for (let n = 0; n < 10 * (i + 1); n++) metrics.tokenCheck(result);
    });
    const { samples } = scrape(metrics.registry.render());
    assert.deepEqual(outcomes.map((o) => samples.get(`app_logins_total{outcome="${o}"}`)), [1, 2, 3, 4]);
    assert.deepEqual(results.map((r) => samples.get(`app_token_checks_total{result="${r}"}`)), [10, 20, 30]);
  });
});

Deno.test("app metrics: the queue depth and dropped log lines are read when scraped, and only if given", async (t) => {
  await t.step("absent without their readers", () => {
    const { samples } = scrape(createAppMetrics(base).registry.render());
    assert.equal(samples.has("app_bcrypt_queue_depth"), false);
    assert.equal(samples.has("app_access_log_dropped_lines_total"), false);
  });
  await t.step("present and current with them", () => {
    let depth = 3;
    let dropped = 0;
    const metrics = createAppMetrics({
      ...base,
      loginQueue: { size: () => depth },
      accessLog: {
        get dropped() {
          return dropped;
        },
      },
    });
    const first = scrape(metrics.registry.render());
    assert.equal(first.samples.get("app_bcrypt_queue_depth"), 3);
    assert.equal(first.samples.get("app_access_log_dropped_lines_total"), 0);
    assert.equal(first.types.get("app_bcrypt_queue_depth"), "gauge");
    assert.equal(first.types.get("app_access_log_dropped_lines_total"), "counter");
    depth = 0;
    dropped = 17;
    const second = scrape(metrics.registry.render());
    assert.equal(second.samples.get("app_bcrypt_queue_depth"), 0);
    assert.equal(second.samples.get("app_access_log_dropped_lines_total"), 17);
  });
});

Deno.test("app metrics: the request metrics know the mode's routes, and the process families are there", () => {
  const metrics = createAppMetrics(base);
  metrics.http.record("/login", "GET", 200, 0.07);
  metrics.http.record("/elsewhere", "GET", 404, 0.0001);
  const { samples } = scrape(metrics.registry.render());
  assert.equal(samples.get('app_http_requests_total{route="/login",method="GET",status="200"}'), 1);
  assert.equal([...samples.keys()].some((key) => key.includes('route="/elsewhere"')), false);
  for (
    const name of ["process_start_time_seconds", "process_resident_memory_bytes", "deno_heap_used_bytes"]
  ) {
    assert.ok(samples.has(name), name);
  }
});

Deno.test("app metrics: two apps in one process do not share counters", () => {
  const one = createAppMetrics(base);
  const two = createAppMetrics({ ...base, mode: "monolith" });
  one.login("ok");
  assert.equal(scrape(two.registry.render()).samples.get('app_logins_total{outcome="ok"}'), 0);
});
