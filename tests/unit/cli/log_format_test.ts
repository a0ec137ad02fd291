import assert from "node:assert/strict";
import { parseServeConfig, type ServeConfig } from "../../../src/cli/config.ts";
import { UsageError } from "../../../src/cli/flags.ts";
import { formatAccess, formatAccessJson } from "../../../src/http/access_log/format.ts";

function logFormat(args: string[], env: Record<string, string> = {}): string {
  const parsed = parseServeConfig(args, (name) => env[name], () => "");
  return (parsed as { config: ServeConfig }).config.logFormat;
}

Deno.test("log format: -log-format and APP_LOG_FORMAT pick text or json; text by default", async (t) => {
  const cases: [string[], Record<string, string>, string][] = [
    [[], {}, "text"],
    [["-log-format", "json"], {}, "json"],
    [["--log-format=text"], { APP_LOG_FORMAT: "json" }, "text"],
    [[], { APP_LOG_FORMAT: "json" }, "json"],
    [[], { APP_LOG_FORMAT: "" }, "text"],
  ];
  for (const [args, env, want] of cases) {
    await t.step(`${args.join(" ")} ${JSON.stringify(env)} -> ${want}`, () => {
      assert.equal(logFormat(args, env), want);
    });
  }
  for (
    const [args, env, message] of [
      [["-log-format", "xml"], {}, /invalid value "xml" for -log-format: want text or json/],
      [["-log-format", "JSON"], {}, /invalid value "JSON" for -log-format/],
      [[], { APP_LOG_FORMAT: "logfmt" }, /invalid value "logfmt" for APP_LOG_FORMAT: want text or json/],
    ] as [string[], Record<string, string>, RegExp][]
  ) {
    await t.step(`${args.join(" ")} ${JSON.stringify(env)} is a usage error`, () => {
      assert.throws(() => logFormat(args, env), (error: unknown) =>
        error instanceof UsageError &&
        message.test(error.message));
    });
  }
});

Deno.test("log format: a JSON access entry carries every field, escaped, one object per line", () => {
  const entry = {
    remote: "127.0.0.1:5555",
    method: "GET",
    path: '/a"b\n',
    route: "unmatched",
    status: 404,
    durationMs: 0.31249,
    bytes: 19,
    userAgent: "ctl\u0001\u2028",
    requestId: "abc",
  };
  const line = formatAccessJson(entry, Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  assert.ok(line.endsWith("}\n") && line.split("\n").length === 2);
  assert.deepEqual(JSON.parse(line), {
    time: "2026-01-02T03:04:05.678Z",
    level: "info",
    msg: "request",
    client: "127.0.0.1:5555",
    method: "GET",
    route: "unmatched",
    path: '/a"b\n',
    status: 404,
    duration_ms: 0.312,
    bytes: 19,
    user_agent: "ctl\u0001\u2028",
    request_id: "abc",
  });
  const none = JSON.parse(formatAccessJson({ ...entry, userAgent: null, bytes: null }, 0));
  assert.equal(none.user_agent, null);
  assert.equal(none.bytes, null);
  assert.match(formatAccess(entry, 0), / abc\n$/);
});
