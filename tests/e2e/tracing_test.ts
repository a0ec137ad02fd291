import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { startOtlpReceiver } from "../support/otlp_receiver.ts";
import { rawRequest, sendRaw } from "../support/raw_http.ts";
import { basicAuth } from "../support/credentials.ts";

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

Deno.test("tracing: a request with a traceparent, in any header case, gives a span in the caller's trace with the route", async (t) => {
  const receiver = startOtlpReceiver();
  const app = await startApp("monolith", ["-secret", "tracing-test-secret"], {
    OTEL_DENO: "true",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_SERVICE_NAME: "app-tracing-test",
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });
  const port = Number(new URL(app.url).port);
  try {
    // `Traceparent` is what Python's urllib sends; Deno 2.9.6's own propagation misses it.
    for (const header of ["traceparent", "Traceparent", "TRACEPARENT"]) {
      await t.step(`${header} on /secure`, async () => {
        const traceId = hex(16);
        const parentId = hex(8);
        const response = await sendRaw(
          port,
          rawRequest("GET", "/secure", [[header, `00-${traceId}-${parentId}-01`]]),
        );
        assert.equal(response.status, 401);
        const requestId = response.headers.get("X-Request-Id");
        const span = await receiver.waitFor((s) => s.traceId === traceId);
        assert.equal(span.parentSpanId, parentId, "a child of the caller's span");
        assert.equal(span.name, "GET /secure");
        assert.equal(span.kind, 2, "a server span");
        assert.equal(span.attributes["http.route"], "/secure");
        assert.equal(Number(span.attributes["http.response.status_code"]), 401);
        assert.equal(span.attributes["app.request_id"], requestId);
        assert.equal(span.resource["service.name"], "app-tracing-test");
      });
    }
    await t.step("an asynchronous answer (a login waiting for bcrypt) is annotated too", async () => {
      const traceId = hex(16);
      const response = await sendRaw(
        port,
        rawRequest("GET", "/login", [["Traceparent", `00-${traceId}-${hex(8)}-01`], [
          "Authorization",
          basicAuth("user:password"),
        ]]),
      );
      assert.equal(response.status, 200);
      const span = await receiver.waitFor((s) => s.traceId === traceId);
      assert.equal(span.name, "GET /login");
      assert.equal(span.attributes["app.request_id"], response.headers.get("X-Request-Id"));
      const builtIn = await receiver.waitFor((s) =>
        s.attributes["app.request_id"] === response.headers.get("X-Request-Id") && s.traceId !== traceId
      );
      assert.equal(builtIn.name, "GET /login", "the runtime's own span is named by route too");
    });
    await t.step("a request without traceparent gets a named root span; unknown paths no route", async () => {
      const hello = await fetch(`${app.url}/`, { headers: { "X-Request-Id": "trace-me-1" } });
      await hello.body?.cancel();
      const span = await receiver.waitFor((s) => s.attributes["app.request_id"] === "trace-me-1");
      assert.equal(span.name, "GET /");
      assert.equal(span.parentSpanId, "");
      const missing = await fetch(`${app.url}/no/such/${hex(4)}`, {
        headers: { "X-Request-Id": "trace-me-2" },
      });
      await missing.body?.cancel();
      const unmatched = await receiver.waitFor((s) => s.attributes["app.request_id"] === "trace-me-2");
      assert.equal(unmatched.name, "GET", "no raw path in a span name");
      assert.equal(unmatched.attributes["http.route"], undefined);
    });
  } finally {
    assert.equal((await app.stop()).code, 0);
    await receiver.close();
  }
});
