import assert from "node:assert/strict";
import { buildApp, type Route } from "../src/http/app.ts";
import { logRequests } from "../src/server/access_log.ts";
import { AccessLogWriter } from "../src/server/access_log_writer.ts";
import { createTokenService } from "../src/auth/tokens.ts";
import { createPasswordCheck } from "../src/auth/users.ts";
import { hello } from "../routes/hello.ts";
import { version } from "../routes/version.ts";

const boom: Route = {
  path: "/boom",
  handler: () => () => {
    throw new Error("handler failed on purpose");
  },
};

function appWithLog() {
  const lines: string[] = [];
  const log = new AccessLogWriter({
    write: (bytes) => {
      lines.push(...new TextDecoder().decode(bytes).split("\n").filter(Boolean));
      return Promise.resolve(bytes.length);
    },
    flushMs: 60_000,
  });
  const app = buildApp([hello, version, boom], {
    tokens: createTokenService({ secret: "test" }),
    checkPassword: createPasswordCheck(() => Promise.resolve(false)),
    version: "9.9.9",
  });
  const handler = logRequests(app.fetch, log, (request) => app.getPath(request));
  const info = {
    remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 5555 },
    completed: Promise.resolve(),
  };
  const request = async (path: string, init?: RequestInit) =>
    await handler(new Request(`http://localhost${path}`, init), info);
  return { app, request, log, lines };
}

Deno.test("served paths answer GET and HEAD, 405 with Allow for other methods, 404 elsewhere", async () => {
  const { app } = appWithLog();
  const get = await app.request("/");
  assert.equal(get.status, 200);
  assert.equal(await get.text(), '{"message":"Hello"}\n');
  const head = await app.request("/", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO"]) {
    const response = await app.request("/version", { method });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get("Allow"), "GET, HEAD");
    assert.equal(await response.text(), "method not allowed\n");
  }
  for (
    const [method, path] of [["GET", "/nope"], ["POST", "/nope"], ["GET", "/version/"], ["GET", "/Version"]]
  ) {
    const response = await app.request(path, { method });
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.equal(await response.text(), "404 page not found\n");
  }
});

Deno.test("every request gets one access-log line with its method, path and final status", async () => {
  const { request, log, lines } = appWithLog();
  await (await request("/", { headers: { "User-Agent": "spec/1" } })).text();
  await (await request("/", { method: "HEAD" })).text();
  await (await request("/", { method: "POST" })).text();
  await (await request("/missing?q=1")).text();
  await (await request("/boom")).text();
  await log.flush();
  assert.equal(lines.length, 5);
  assert.match(
    lines[0],
    /^127\.0\.0\.1:5555 - - \[.+ UTC\] "GET \/ HTTP\/1\.1" 200 \d+\.\d{3}ms "spec\/1" [0-9a-f]{32}$/,
  );
  assert.match(lines[1], /"HEAD \/ HTTP\/1\.1" 200 /);
  assert.match(lines[2], /"POST \/ HTTP\/1\.1" 405 /);
  assert.match(lines[3], /"GET \/missing HTTP\/1\.1" 404 .* - [0-9a-f]{32}$/);
  assert.match(lines[4], /"GET \/boom HTTP\/1\.1" 500 /);
});
