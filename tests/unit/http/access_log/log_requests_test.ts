import assert from "node:assert/strict";
import { logRequests, type RequestMetrics } from "../../../../src/http/access_log/log_requests.ts";
import { jsonResponse } from "../../../../src/http/responses.ts";
import type { Handler } from "../../../../src/server/handler.ts";
import { collectedLog } from "../../../support/log_lines.ts";

const info = {
  remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 5555 },
  completed: Promise.resolve(),
};
const pathOf = (request: Request) => new URL(request.url).pathname;

/** Metrics that remember their calls. */
function recorded() {
  const calls: string[] = [];
  const metrics: RequestMetrics = {
    begin: () => calls.push("begin"),
    end: (path, method, status) => calls.push(`end ${method} ${path} ${status}`),
    route: (path) => (path === "/" ? "/" : "unmatched"),
  };
  return { metrics, calls };
}

Deno.test("logRequests: one line per request with client, method, path, final status and user agent", async () => {
  const { log, lines } = collectedLog();
  const statuses: Record<string, number> = { "/": 200, "/missing": 404, "/boom": 500 };
  const inner = (request: Request) => {
    const path = new URL(request.url).pathname;
    const response = new Response(null, { status: request.method === "POST" ? 405 : statuses[path] });
    // One synchronous and one asynchronous answer: both are logged.
    return path === "/boom" ? Promise.resolve(response) : response;
  };
  const handler = logRequests({ log, pathOf })(inner);
  const request = (path: string, init?: RequestInit) =>
    handler(new Request(`http://localhost${path}`, init), info);
  assert.ok(
    request("/", {
      headers: { "User-Agent": "spec/1", "X-Request-Id": "0123456789abcdef0123456789abcdef" },
    }) instanceof
      Response,
    "a sync answer stays sync",
  );
  await request("/", { method: "HEAD" });
  await request("/", { method: "POST" });
  await request("/missing?q=1");
  const async = request("/boom");
  assert.ok(async instanceof Promise, "an async answer stays async");
  await async;
  await log.flush();
  assert.equal(lines.length, 5);
  assert.match(
    lines[0],
    /^127\.0\.0\.1:5555 - - \[.+ UTC\] "GET \/ HTTP\/1\.1" 200 \d+\.\d{3}ms "spec\/1" 0123456789abcdef0123456789abcdef$/,
  );
  assert.match(lines[1], /"HEAD \/ HTTP\/1\.1" 200 /);
  assert.match(lines[2], /"POST \/ HTTP\/1\.1" 405 /);
  assert.match(lines[3], /"GET \/missing HTTP\/1\.1" 404 .* - [0-9a-f]{32}$/);
  assert.match(lines[4], /"GET \/boom HTTP\/1\.1" 500 /);
});

Deno.test("logRequests: every answer carries the request's id, sync or async, and its line the same id", async () => {
  const { log, lines } = collectedLog();
  const handler = logRequests({ log, pathOf })((request) => {
    const response = new Response("x");
    // An id the app set itself is replaced by the request's.
    response.headers.set("x-request-id", "from-the-app");
    return request.url.endsWith("/async") ? Promise.resolve(response) : response;
  });
  const sync = handler(new Request("http://localhost/", { headers: { "x-request-id": "abc" } }), info);
  assert.ok(sync instanceof Response, "a synchronous answer stays synchronous");
  assert.equal(sync.headers.get("x-request-id"), "abc");
  const async = await handler(
    new Request("http://localhost/async", { headers: { "x-request-id": "a b" } }),
    info,
  );
  const made = async.headers.get("x-request-id") ?? "";
  assert.match(made, /^[0-9a-f]{32}$/, "a malformed id is replaced, not echoed");
  const immutable = logRequests({ log, pathOf })(() => Response.redirect("http://localhost/elsewhere"));
  const copied = await immutable(new Request("http://localhost/"), info);
  assert.match(copied.headers.get("x-request-id") ?? "", /^[0-9a-f]{32}$/, "an immutable answer is copied");
  await log.flush();
  assert.match(lines[0], /"GET \/ HTTP\/1\.1" 200 \d+\.\d{3}ms - abc$/);
  assert.match(lines[1], new RegExp(`"GET /async HTTP/1\\.1" 200 \\d+\\.\\d{3}ms - ${made}$`));
  assert.match(lines[2], new RegExp(` 302 .* ${copied.headers.get("x-request-id")}$`));
});

Deno.test("logRequests: metrics see each request begin and end, a thrown handler as a 500", async () => {
  const { log, lines } = collectedLog();
  const { metrics, calls } = recorded();
  const inner: Handler = (request) => {
    if (request.url.endsWith("/throw")) throw new Error("boom");
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  const handler = logRequests({ log, pathOf, metrics })(inner);
  await handler(new Request("http://localhost/"), info);
  assert.throws(() => handler(new Request("http://localhost/throw", { method: "POST" }), info), /boom/);
  assert.deepEqual(calls, ["begin", "end GET / 204", "begin", "end POST /throw 500"]);
  await log.flush();
  assert.equal(lines.length, 1, "a thrown handler has no answer to log");
});

Deno.test("logRequests: JSON lines carry the route template, the body size and the traced route", async () => {
  const { log, lines } = collectedLog();
  const { metrics } = recorded();
  const traced: (string | undefined)[] = [];
  const handler = logRequests({
    log,
    pathOf,
    json: true,
    metrics,
    annotate: (_request, route, _status, id) => traced.push(`${route} ${id}`),
  })((request) => request.url.endsWith("/") ? jsonResponse({ a: 1 }) : new Response("?", { status: 404 }));
  const withId = { headers: { "x-request-id": "id-1" } };
  await handler(new Request("http://localhost/", withId), info);
  await handler(new Request("http://localhost/nope", withId), info);
  await log.flush();
  const [hit, miss] = lines.map((line) => JSON.parse(line));
  assert.deepEqual([hit.route, hit.path, hit.bytes, hit.request_id], ["/", "/", 8, "id-1"]);
  assert.deepEqual([miss.route, miss.path, miss.bytes], ["unmatched", "/nope", null]);
  assert.deepEqual(traced, ["/ id-1", "undefined id-1"], "an unmatched route is no route for the trace");
});

Deno.test("logRequests: the client a trusted proxy names replaces the peer", async () => {
  const { log, lines } = collectedLog();
  const handler = logRequests({ log, pathOf, clientOf: () => "203.0.113.7" })(() => new Response("x"));
  await handler(new Request("http://localhost/"), info);
  await log.flush();
  assert.match(lines[0], /^203\.0\.113\.7 - - /);
});
