import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { type Sample, startPrometheus } from "../support/prometheus.ts";
import { basicHeaders } from "../support/credentials.ts";
import { needs } from "../../scripts/lib/tools.ts";
import { until } from "../../scripts/lib/wait.ts";

const key = (metric: Record<string, string>, names: string[]) =>
  names.map((n) => `${n}=${metric[n]}`).join(",");

function byLabels(samples: Sample[], names: string[]): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [key(s.metric, names), s.value]));
}

Deno.test({
  name: "a real Prometheus scrapes /metrics on the health port and counts exactly the requests sent",
  ...needs("prometheus"),
  async fn() {
    const app = await startApp("monolith", ["-secret", "scrape-test-secret"]);
    const prometheus = await startPrometheus([new URL(app.healthUrl).host]);
    try {
      const send = async (path: string, init?: RequestInit) => {
        const response = await fetch(`${app.url}${path}`, init);
        await response.body?.cancel();
        return response;
      };
      const asUser = (credentials: string) => ({ headers: basicHeaders(credentials) });
      for (let i = 0; i < 5; i++) await send("/");
      for (let i = 0; i < 2; i++) await send("/", { method: "HEAD" });
      for (let i = 0; i < 3; i++) await send("/secure");
      await send("/nope/1");
      await send("/nope/2?q=x");
      await send("/version", { method: "POST" });
      const login = await fetch(`${app.url}/login`, asUser("user:password"));
      const { token } = await login.json();
      await send("/login", asUser("user:wrong"));
      await send("/login");
      const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });
      // The cache admits a token on its second sighting: verified, verified, then served from it.
      for (let i = 0; i < 3; i++) assert.equal((await send("/secure", bearer(token))).status, 200);
      assert.equal((await send("/secure", bearer(`${token}x`))).status, 401);
      const sentBy = Date.now() / 1000;

      // Wait for a scrape that started after the last request.
      await until("a scrape after the requests", async () => {
        const [scraped] = await prometheus.query('timestamp(app_info{job="app"})');
        return scraped && scraped.value > sentBy;
      }, { timeoutMs: 20_000, everyMs: 200, detail: prometheus.stderr });

      assert.deepEqual(byLabels(await prometheus.query('up{job="app"}'), ["job"]), { "job=app": 1 });
      const requests = await prometheus.query('app_http_requests_total{job="app"}');
      assert.deepEqual(byLabels(requests, ["route", "method", "status"]), {
        "route=/,method=GET,status=200": 5,
        "route=/,method=HEAD,status=200": 2,
        "route=/secure,method=GET,status=401": 4,
        "route=/secure,method=GET,status=200": 3,
        "route=unmatched,method=GET,status=404": 2,
        "route=/version,method=POST,status=405": 1,
        "route=/login,method=GET,status=200": 1,
        "route=/login,method=GET,status=401": 2,
      });
      assert.deepEqual(
        byLabels(await prometheus.query("app_http_request_duration_seconds_count"), ["route"]),
        {
          "route=/": 7,
          "route=/secure": 7,
          "route=/login": 3,
          "route=/version": 1,
          "route=/.well-known/jwks.json": 0,
          "route=unmatched": 2,
        },
      );
      assert.deepEqual(byLabels(await prometheus.query("app_logins_total"), ["outcome"]), {
        "outcome=ok": 1,
        "outcome=bad_credentials": 2,
        "outcome=busy": 0,
        "outcome=limited": 0,
      });
      assert.deepEqual(byLabels(await prometheus.query("app_token_checks_total"), ["result"]), {
        "result=valid": 2,
        "result=cached": 1,
        "result=invalid": 1,
      });
      // Both logins that reached bcrypt (~70 ms at cost 10) took longer than a hello's buckets.
      const [slow] = await prometheus.query(
        'app_http_request_duration_seconds_count{route="/login"} - ignoring(le) ' +
          'app_http_request_duration_seconds_bucket{route="/login",le="0.01"}',
      );
      assert.ok(slow.value >= 2, `logins slower than 10 ms: ${slow.value}`);
      const [info] = await prometheus.query("app_info");
      assert.equal(info.metric.mode, "monolith");
      assert.ok((await prometheus.query("process_resident_memory_bytes > 0")).length === 1);
    } finally {
      await prometheus.stop();
      assert.equal((await app.stop()).code, 0);
    }
  },
});
