import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { promtoolCheck } from "../support/prometheus.ts";
import { needs } from "../../scripts/lib/tools.ts";
import { basicHeaders } from "../support/credentials.ts";
import { until } from "../../scripts/lib/wait.ts";

Deno.test({
  name: "promtool check metrics accepts /metrics of every mode, served on the health port only",
  ...needs("promtool"),
  async fn(t) {
    for (const mode of ["monolith", "auth", "hello"]) {
      await t.step(mode, async () => {
        const app = await startApp(mode, ["-secret", "metrics-test-secret"]);
        try {
          await (await fetch(`${app.url}/version`)).body?.cancel();
          await (await fetch(`${app.url}/nope`)).body?.cancel();
          const onPublic = await fetch(`${app.url}/metrics`);
          await onPublic.body?.cancel();
          assert.equal(onPublic.status, 404, "never on the public port");
          const response = await fetch(`${app.healthUrl}/metrics`);
          assert.equal(response.status, 200);
          assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
          const text = await response.text();
          const check = await promtoolCheck(text);
          assert.equal(check.code, 0, check.output);
          assert.equal(check.output.trim(), "", `promtool's lint findings:\n${check.output}`);
          for (
            const family of [
              "app_info",
              "app_http_requests_total",
              "app_http_request_duration_seconds",
              "app_http_requests_in_flight",
              "app_logins_total",
              "app_token_checks_total",
              "app_access_log_dropped_lines_total",
              "process_resident_memory_bytes",
              "process_start_time_seconds",
              "deno_heap_used_bytes",
            ]
          ) {
            assert.match(text, new RegExp(`^# TYPE ${family} `, "m"), family);
          }
          assert.match(
            text,
            new RegExp(`^app_info\\{version="[^"]+",mode="${mode}",deno="[^"]+"\\} 1$`, "m"),
          );
          assert.match(text, /^app_http_requests_total\{route="\/version",method="GET",status="200"\} 1$/m);
          assert.match(
            text,
            /^app_http_requests_total\{route="unmatched",method="GET",status="404"\} 2$/m,
            "/nope and /metrics",
          );
          assert.equal(
            /^app_bcrypt_queue_depth /m.test(text),
            mode !== "hello",
            "bcrypt depth where logins are",
          );
          const head = await fetch(`${app.healthUrl}/metrics`, { method: "POST" });
          await head.body?.cancel();
          assert.equal(head.status, 405);
        } finally {
          assert.equal((await app.stop()).code, 0);
        }
      });
    }
  },
});

Deno.test("app_bcrypt_queue_depth and in-flight count the logins waiting on bcrypt", async () => {
  const app = await startApp("auth", ["-secret", "metrics-test-secret"]);
  try {
    const auth = { headers: basicHeaders("user:wrong") };
    const logins = Array.from({ length: 6 }, () => fetch(`${app.url}/login`, auth).then((r) => r.text()));
    let seen = { depth: 0, inFlight: 0 };
    await until("two logins queued on bcrypt", async () => {
      const text = await (await fetch(`${app.healthUrl}/metrics`)).text();
      const depth = Number(/^app_bcrypt_queue_depth (\d+)$/m.exec(text)?.[1]);
      const inFlight = Number(/^app_http_requests_in_flight (\d+)$/m.exec(text)?.[1]);
      if (depth > seen.depth) seen = { depth, inFlight };
      return seen.depth >= 2;
    }, { timeoutMs: 5_000, everyMs: 5, detail: () => `queue depth seen: ${seen.depth}` });
    await Promise.all(logins);
    assert.ok(seen.inFlight >= seen.depth, `in flight ${seen.inFlight} while ${seen.depth} queued`);
    const after = await (await fetch(`${app.healthUrl}/metrics`)).text();
    assert.match(after, /^app_bcrypt_queue_depth 0$/m);
    assert.match(after, /^app_http_requests_in_flight 0$/m);
    assert.match(after, /^app_logins_total\{outcome="bad_credentials"\} 6$/m);
  } finally {
    assert.equal((await app.stop()).code, 0);
  }
});
