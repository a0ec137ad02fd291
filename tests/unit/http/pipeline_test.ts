import assert from "node:assert/strict";
import { healthPipeline, servicePipeline } from "../../../src/http/pipeline.ts";
import { collectedLog } from "../../support/log_lines.ts";
import type { RequestMetrics } from "../../../src/http/access_log/log_requests.ts";
import { Drain } from "../../../src/server/drain.ts";
import { InFlight } from "../../../src/server/in_flight.ts";
import type { Handler } from "../../../src/server/handler.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;
const ID = /^[0-9a-f]{32}$/;

/** The HTTP service's pipeline around `fetch`, with what it logs, counts and sees. */
function service(fetch: Handler) {
  const { log, lines } = collectedLog();
  const ended: string[] = [];
  const metrics: RequestMetrics = {
    begin: () => {},
    end: (path, method, status) => ended.push(`${method} ${path} ${status}`),
    route: (path) => path,
  };
  const drain = new Drain();
  const inFlight = new InFlight();
  const app = { fetch, getPath: (request: Request) => new URL(request.url).pathname };
  const handler = servicePipeline({ app, drain, inFlight, log, json: false, metrics });
  const logged = async () => (await log.flush(), lines);
  return { handler, drain, inFlight, ended, logged };
}

const get = (path: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: { host: "localhost", ...init.headers } });

Deno.test("pipeline: a request without Host is refused before the app, yet logged, counted and given an id", async () => {
  const seen: string[] = [];
  const { handler, ended, logged } = service((request) => (seen.push(request.url), new Response("app")));
  const answer = await handler(new Request("http://localhost/"), info);
  assert.equal(answer.status, 400);
  assert.match(answer.headers.get("x-request-id") ?? "", ID);
  assert.deepEqual(seen, []);
  assert.deepEqual(ended, ["GET / 400"]);
  assert.match(
    (await logged())[0],
    new RegExp(`"GET / HTTP/1.1" 400 .* ${answer.headers.get("x-request-id")}$`),
  );
});

Deno.test("pipeline: the app sees a HEAD as a GET; the log and the metrics see the HEAD", async () => {
  const seen: string[] = [];
  const { handler, ended, logged } = service((request) => (seen.push(request.method), new Response("body")));
  const answer = handler(get("/", { method: "HEAD", headers: { "x-request-id": "caller-1" } }), info);
  assert.ok(answer instanceof Response, "a synchronous app answers synchronously through every layer");
  assert.equal(answer.headers.get("x-request-id"), "caller-1");
  assert.deepEqual(seen, ["GET"]);
  assert.deepEqual(ended, ["HEAD / 200"]);
  assert.match((await logged())[0], /"HEAD \/ HTTP\/1\.1" 200 .* caller-1$/);
});

Deno.test("pipeline: a request is in flight until answered; unread bodies and a drain close the connection", async () => {
  let finish!: () => void;
  const { handler, drain, inFlight } = service(() =>
    new Promise<Response>((resolve) => (finish = () => resolve(new Response("late"))))
  );
  const pending = handler(
    get("/", { method: "POST", body: "abc", headers: { "content-length": "3" } }),
    info,
  );
  assert.equal(inFlight.count, 1);
  finish();
  const unread = await pending;
  assert.equal(inFlight.count, 0);
  assert.equal(unread.headers.get("connection"), "close");
  const before = handler(get("/"), info);
  finish();
  assert.equal((await before).headers.get("connection"), null);
  drain.begin();
  const during = handler(get("/"), info);
  finish();
  assert.equal((await during).headers.get("connection"), "close");
});

Deno.test("health pipeline: Host required, nothing else added", async () => {
  const handler = healthPipeline({ fetch: () => new Response(null, { status: 200 }) });
  assert.equal((await handler(new Request("http://localhost/healthz"), info)).status, 400);
  const ok = await handler(get("/healthz"), info);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("x-request-id"), null);
});
