import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { basicAuth as basic } from "../../support/credentials.ts";

async function login(url: string, credentials: string, headers: Record<string, string> = {}) {
  const start = performance.now();
  const response = await fetch(`${url}/login`, {
    headers: { Authorization: basic(credentials), ...headers },
  });
  const body = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get("Retry-After"),
    body,
    ms: performance.now() - start,
  };
}

Deno.test("login limit: after N failures a client gets 429 with Retry-After before any bcrypt work; successes don't count; the window reopens", async () => {
  const app = await startApp("auth", [
    "-secret",
    "limit-test",
    "-login-failures",
    "3",
    "-login-window",
    "3s",
  ]);
  try {
    const first = await login(app.url, "user:wrong-1");
    assert.equal(first.status, 401);
    assert.equal((await login(app.url, "nobody:wrong-2")).status, 401, "unknown names count alike");
    const success = await login(app.url, "user:password");
    assert.equal(success.status, 200, "a success under the limit is not refused");
    const third = await login(app.url, "user:wrong-3");
    assert.equal(third.status, 401, "the success in between did not use up a failure");
    const refused = await login(app.url, "user:password");
    assert.equal(refused.status, 429, "even the right password, once over the limit");
    assert.equal(refused.body, "too many failed logins, try again later\n");
    assert.match(refused.retryAfter ?? "", /^[123]$/);
    assert.ok(
      refused.ms < third.ms / 2,
      `429 in ${refused.ms.toFixed(1)} ms vs a bcrypt check in ${third.ms.toFixed(1)} ms: bcrypt ran`,
    );
    // The promise under test is about the clock itself: Retry-After seconds later, the window has reopened.
    await new Promise((resolve) => setTimeout(resolve, Number(refused.retryAfter) * 1000 + 100));
    assert.equal(
      (await login(app.url, "user:password")).status,
      200,
      "after Retry-After the window has reopened",
    );
  } finally {
    await app.stop();
  }
});

Deno.test("login limit: from an untrusted peer, spoofed X-Forwarded-For / X-Real-IP move neither the limiter nor the log", async () => {
  const app = await startApp("auth", ["-secret", "limit-test", "-login-failures", "2"]);
  try {
    for (let i = 1; i <= 2; i++) {
      const spoof = { "X-Forwarded-For": `203.0.113.${i}`, "X-Real-IP": `198.51.100.${i}` };
      assert.equal((await login(app.url, `user:wrong-${i}`, spoof)).status, 401);
    }
    const fresh = { "X-Forwarded-For": "203.0.113.99", "X-Real-IP": "198.51.100.99" };
    assert.equal(
      (await login(app.url, "user:wrong-3", fresh)).status,
      429,
      "a new spoofed address did not escape",
    );
    await app.stop();
    assert.doesNotMatch(app.stdout(), /203\.0\.113|198\.51\.100/, "the log names the peer, not the header");
    assert.match(app.stdout(), /^127\.0\.0\.1:\d+ - - .*"GET \/login HTTP\/1\.1" 429/m);
  } finally {
    await app.stop();
  }
});

Deno.test("login limit: behind a trusted proxy each forwarded client has its own count, and the log names it; a user name is never locked", async () => {
  const app = await startApp("auth", [
    "-secret",
    "limit-test",
    "-login-failures",
    "2",
    "-trusted-proxies",
    "127.0.0.1/32",
  ]);
  try {
    const attacker = { "X-Forwarded-For": "6.6.6.6, 203.0.113.10" };
    for (let i = 0; i < 2; i++) assert.equal((await login(app.url, `user:guess-${i}`, attacker)).status, 401);
    assert.equal((await login(app.url, "user:guess-2", attacker)).status, 429);
    const spoofedLeft = { "X-Forwarded-For": "203.0.113.77, 203.0.113.10" };
    assert.equal(
      (await login(app.url, "user:guess-3", spoofedLeft)).status,
      429,
      "hops left of the real one are not believed",
    );
    const owner = { "X-Forwarded-For": "198.51.100.20" };
    assert.equal(
      (await login(app.url, "user:password", owner)).status,
      200,
      "the account is not locked for others",
    );
    const viaRealIp = { "X-Real-IP": "198.51.100.21" };
    assert.equal((await login(app.url, "user:wrong", viaRealIp)).status, 401);
    await app.stop();
    assert.match(app.stdout(), /^203\.0\.113\.10 - - .*"GET \/login HTTP\/1\.1" 429/m);
    assert.match(app.stdout(), /^198\.51\.100\.20 - - .*"GET \/login HTTP\/1\.1" 200/m);
    assert.match(app.stdout(), /^198\.51\.100\.21 - - .*"GET \/login HTTP\/1\.1" 401/m);
    assert.doesNotMatch(app.stdout(), /6\.6\.6\.6|203\.0\.113\.77/);
  } finally {
    await app.stop();
  }
});

Deno.test("login limit: 20 parallel correct logins from one address all succeed; 20 parallel wrong guesses get exactly N 401s, then 429s", async () => {
  const app = await startApp("auth", ["-secret", "limit-test", "-login-failures", "3"]);
  try {
    const right = await Promise.all(Array.from({ length: 20 }, () => login(app.url, "user:password")));
    assert.deepEqual(right.map((r) => r.status), Array(20).fill(200), "a correct login is never refused");
    const wrong = await Promise.all(Array.from({ length: 20 }, (_, i) => login(app.url, `user:wrong-${i}`)));
    const count = (status: number) => wrong.filter((r) => r.status === status).length;
    assert.deepEqual([count(401), count(429)], [3, 17], "parallel guesses cannot overshoot the limit");
  } finally {
    await app.stop();
  }
});
