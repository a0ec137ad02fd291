import assert from "node:assert/strict";
import { formatAccess } from "../../../../src/http/access_log/format.ts";

Deno.test("access-log lines quote the request line and user agent exactly as JSON would", () => {
  const agents = [
    "curl/8.0",
    'say "hi"',
    "back\\slash",
    "ctl\u0001\n",
    "é😀",
    "\u2028",
    "\ud800",
    "\u007f\u0085",
  ];
  for (const agent of agents) {
    const line = formatAccess({
      remote: "127.0.0.1:1",
      method: "GET",
      path: '/a"b',
      status: 200,
      durationMs: 1,
      userAgent: agent,
    }, 0);
    assert.ok(line.endsWith(` ${JSON.stringify(agent)}\n`), JSON.stringify(agent));
    assert.ok(line.includes(` ${JSON.stringify('GET /a"b HTTP/1.1')} `));
    assert.equal(line.split("\n").length, 2, "one line, whatever the agent holds");
  }
});
