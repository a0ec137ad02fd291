import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { freePort } from "../../scripts/lib/process.ts";
import { basicHeaders } from "../support/credentials.ts";

const userPassword = basicHeaders("user:password");

Deno.test("services: a token from the auth process is accepted by the hello process", async () => {
  const secret = { APP_SECRET: "shared-by-both" };
  const [auth, hello] = await Promise.all([startApp("auth", [], secret), startApp("hello", [], secret)]);
  try {
    const { token } = await (await fetch(`${auth.url}/login`, { headers: userPassword })).json();
    const ok = await fetch(`${hello.url}/secure`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { message: "Hello" });
    // auth does not greet, hello does not log in.
    assert.equal((await fetch(`${auth.url}/`)).status, 404);
    assert.equal((await fetch(`${hello.url}/login`, { headers: userPassword })).status, 404);
  } finally {
    await Promise.all([auth.stop(), hello.stop()]);
  }
  assert.match(auth.stderr(), /Starting Auth service\.\.\./);
  assert.doesNotMatch(auth.stderr(), /default secret/, "no warning when a secret is configured");
});

Deno.test("services: hello verifies with its configured secret (the Go hello ignored it)", async () => {
  const [auth, hello] = await Promise.all([
    startApp("auth", ["-secret", "one"]),
    startApp("hello", ["-secret", "two"]),
  ]);
  try {
    const { token } = await (await fetch(`${auth.url}/login`, { headers: userPassword })).json();
    const refused = await fetch(`${hello.url}/secure`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
  } finally {
    await Promise.all([auth.stop(), hello.stop()]);
  }
});

Deno.test("services: the start-up lines name the ports actually bound, each for its own service", async () => {
  // Ports picked here, so the lines are checked against what was asked for, not read from them.
  const [http, health] = [freePort(), freePort()];
  const app = await startApp("hello", ["-http", `127.0.0.1:${http}`, "-health", `127.0.0.1:${health}`]);
  const status = async (url: string) => {
    const response = await fetch(url);
    await response.body?.cancel();
    return response.status;
  };
  try {
    assert.match(app.stderr(), new RegExp(`^.* HTTP service listening on 127\\.0\\.0\\.1:${http}$`, "m"));
    assert.match(app.stderr(), new RegExp(`^.* Health service listening on 127\\.0\\.0\\.1:${health}$`, "m"));
    // Each port serves its own service, and only that.
    assert.equal(await status(`http://127.0.0.1:${http}/version`), 200);
    assert.equal(await status(`http://127.0.0.1:${http}/healthz`), 404);
    assert.equal(await status(`http://127.0.0.1:${health}/healthz`), 200);
    assert.equal(await status(`http://127.0.0.1:${health}/readiness`), 200);
    assert.equal(await status(`http://127.0.0.1:${health}/version`), 404);
  } finally {
    await app.stop();
  }
  assert.match(app.stderr(), /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Starting server\.\.\.$/m);
  assert.match(app.stderr(), /warning: .*default secret/);
});

Deno.test("services: the course's health toggles work over the health port", async () => {
  // What each toggle does is in tests/unit/routes/health_test.ts; this is the wiring.
  const app = await startApp("monolith");
  try {
    const status = async (path: string) => {
      const response = await fetch(`${app.healthUrl}${path}`);
      await response.body?.cancel();
      return response.status;
    };
    assert.equal(await status("/readiness/status"), 200);
    assert.equal(await status("/readiness"), 503);
    assert.equal(await status("/healthz"), 200);
  } finally {
    await app.stop();
  }
});

Deno.test("services: the access log has one line per request and never an Authorization value", async () => {
  const app = await startApp("monolith");
  let token = "";
  let requestId: string | null = null;
  try {
    token = (await (await fetch(`${app.url}/login`, { headers: userPassword })).json()).token;
    const secure = await fetch(`${app.url}/secure`, {
      headers: { Authorization: `Bearer ${token}`, "User-Agent": "spec/1.0" },
    });
    await secure.body?.cancel();
    requestId = secure.headers.get("X-Request-Id");
  } finally {
    await app.stop();
  }
  assert.match(requestId ?? "", /^[0-9a-f]{32}$/, "a generated request id is sent back");
  const lines = app.stdout().trim().split("\n");
  assert.equal(lines.length, 2);
  assert.match(
    lines[1],
    /^127\.0\.0\.1:\d+ - - \[\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d UTC\] "GET \/secure HTTP\/1\.1" 200 \d+\.\d{3}ms "spec\/1\.0" (\w+)$/,
  );
  assert.equal(lines[1].split(" ").at(-1), requestId, "the log line carries the id the response carries");
  for (const secret of [token, btoa("user:password"), "password"]) {
    assert.ok(!app.stdout().includes(secret) && !app.stderr().includes(secret));
  }
});
