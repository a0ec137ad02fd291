import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { sendRaw } from "../../support/raw_http.ts";
import { HELLO, type HostileCase, SECRET } from "./hostile/case.ts";
import { BEARER_CASES } from "./hostile/bearer_cases.ts";
import { BASIC_CASES } from "./hostile/basic_cases.ts";
import { PATH_CASES } from "./hostile/path_cases.ts";
import { FORWARDED_CASES } from "./hostile/forwarded_cases.ts";

const CASES: HostileCase[] = [...BEARER_CASES, ...BASIC_CASES, ...PATH_CASES, ...FORWARDED_CASES];

Deno.test(`${CASES.length} hostile requests each get their exact answer, and the service stays up after every one`, async (t) => {
  assert.ok(CASES.length >= 60);
  // Loopback is a trusted proxy here so that forwarding headers are parsed; the login limit is
  // high enough that the table's failed logins are all answered as themselves.
  const app = await startApp("monolith", [
    "-secret",
    SECRET,
    "-trusted-proxies",
    "127.0.0.1/32",
    "-login-failures",
    "1000",
  ]);
  const ports = { http: Number(new URL(app.url).port), health: Number(new URL(app.healthUrl).port) };
  try {
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const answer = await sendRaw(ports[c.port ?? "http"], c.request);
        assert.equal(answer.status, c.status);
        if (typeof c.body === "string") assert.equal(answer.body, c.body);
        else assert.match(answer.body, c.body);
        for (const [name, value] of Object.entries(c.headers ?? {})) {
          assert.equal(answer.headers.get(name), value);
        }

        const live = await fetch(`${app.healthUrl}/healthz`);
        await live.body?.cancel();
        assert.equal(live.status, 200, "/healthz stopped answering 200");
        const hello = await fetch(`${app.url}/`);
        assert.equal(await hello.text(), HELLO, "the HTTP service stopped answering");
      });
    }
  } finally {
    const status = await app.stop();
    assert.equal(status.code, 0);
  }
  assert.doesNotMatch(app.stderr(), /internal error|Uncaught|panic/);
  assert.doesNotMatch(app.stdout(), /" 5\d\d /, "a request was answered with a 5xx");
  console.log(`hostile cases tried: ${CASES.length}`);
});
