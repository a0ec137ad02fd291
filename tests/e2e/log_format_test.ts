import assert from "node:assert/strict";
import { runCli, startApp } from "../../scripts/lib/app_process.ts";
import { basicHeaders } from "../support/credentials.ts";

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

Deno.test("log format: a bad value exits 2 with one line and the usage, which lists the flag", async () => {
  const { code, stderr } = await runCli(["hello", "-log-format", "yaml"]);
  assert.equal(code, 2);
  assert.match(stderr.split("\n")[0], /^app hello: invalid value "yaml" for -log-format: want text or json$/);
  assert.match(stderr, /-log-format FORMAT\n.*\(env APP_LOG_FORMAT; default "text"\)/);
});

Deno.test("log format: with json every stdout and stderr line is a JSON object, access and lifecycle", async () => {
  const app = await startApp("monolith", [], { APP_LOG_FORMAT: "json" });
  const sent: { path: string; id: string | null; status: number }[] = [];
  try {
    for (
      const [path, headers] of [
        ["/", { "User-Agent": "spec/1" }],
        ["/secure", {}],
        ["/nope/123", { "X-Request-Id": "from-client-1" }],
        ["/login", basicHeaders("user:password")],
      ] as [string, Record<string, string>][]
    ) {
      const response = await fetch(`${app.url}${path}`, { headers });
      await response.body?.cancel();
      sent.push({ path, id: response.headers.get("x-request-id"), status: response.status });
    }
  } finally {
    assert.equal((await app.stop()).code, 0);
  }
  const parse = (text: string) =>
    text.trim().split("\n").map((line) => {
      const value = JSON.parse(line);
      assert.equal(typeof value, "object", line);
      assert.match(value.time, RFC3339, line);
      assert.ok(["info", "warn", "error"].includes(value.level), line);
      assert.equal(typeof value.msg, "string", line);
      return value;
    });
  const access = parse(app.stdout());
  assert.equal(access.length, sent.length);
  for (const [i, { path, id, status }] of sent.entries()) {
    const entry = access[i];
    assert.equal(entry.msg, "request");
    assert.equal(entry.path, path);
    assert.equal(entry.status, status);
    assert.equal(entry.request_id, id);
    assert.equal(entry.method, "GET");
    assert.match(entry.client, /^127\.0\.0\.1:\d+$/);
    assert.equal(typeof entry.duration_ms, "number");
    assert.equal(typeof entry.bytes, "number");
    assert.ok(entry.bytes > 0, "every answer here has a body");
  }
  assert.equal(access[0].user_agent, "spec/1");
  assert.equal(access[0].bytes, '{"message":"Hello"}\n'.length);
  assert.equal(access[2].route, "unmatched");
  assert.equal(access[2].request_id, "from-client-1");
  assert.equal(access[3].route, "/login");
  const lifecycle = parse(app.stderr());
  const messages = lifecycle.map((line) => line.msg);
  assert.ok(messages.includes("Starting server..."), messages.join("\n"));
  assert.ok(messages.some((m) => /^HTTP service listening on /.test(m)));
  assert.ok(messages.some((m) => /^Captured SIGTERM/.test(m)));
  assert.equal(lifecycle.find((line) => /default secret/.test(line.msg))?.level, "warn");
});
