import assert from "node:assert/strict";
import { buildApp } from "../../../src/http/app.ts";
import { MODES } from "../../../src/cli/modes.ts";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import { createLoginLimiter } from "../../../src/auth/login_limiter.ts";
import { PasswordCheckUnavailable } from "../../../src/auth/password.ts";
import { clientAddressFor } from "../../../src/http/client_address.ts";
import { parseCidrList } from "../../../src/util/ip.ts";
import { basicHeaders as basic } from "../../support/credentials.ts";

const info = (hostname: string) => ({ remoteAddr: { transport: "tcp" as const, hostname, port: 1234 } });

function authApp(outcome: (name: string, password: string) => "ok" | "wrong" | "busy") {
  const checked: string[] = [];
  const shareKeys: string[] = [];
  const limiter = createLoginLimiter({ failures: 2, windowMs: 60_000, capacity: 100 });
  const app = buildApp(MODES.auth, {
    tokens: createHs256TokenService({ secret: "route-limit" }),
    checkPassword: (name, password) => {
      checked.push(`${name}:${password}`);
      const result = outcome(name, password);
      if (result === "busy") return Promise.reject(new PasswordCheckUnavailable("busy"));
      return Promise.resolve(result === "ok" ? { name, email: "" } : undefined);
    },
    version: "9.9.9",
    // Records whose turn each check takes: the fair queue must key on the limiter's client.
    loginShare: { run: (client, task) => (shareKeys.push(client), task()), size: () => 0 },
    loginLimiter: limiter,
    clientAddress: clientAddressFor(parseCidrList("10.0.0.0/8")),
  });
  const login = (credentials: string, peer = "192.0.2.1", headers: Record<string, string> = {}) =>
    app.fetch(
      new Request("http://app/login", { headers: { ...basic(credentials), ...headers } }),
      info(peer),
    );
  return { login, checked, limiter, shareKeys };
}

Deno.test("/login: a client over its limit gets 429 without its password being checked", async () => {
  const { login, checked } = authApp((_, password) => password === "right" ? "ok" : "wrong");
  assert.equal((await login("user:a")).status, 401);
  assert.equal((await login("user:b")).status, 401);
  const refused = await login("user:right");
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("Retry-After"), "60");
  assert.equal(await refused.text(), "too many failed logins, try again later\n");
  assert.deepEqual(checked, ["user:a", "user:b"], "no password check for the refused login");
  assert.equal((await login("user:right", "192.0.2.2")).status, 200, "another client");
  assert.equal((await login("user:x", "192.0.2.1")).status, 429);
  assert.equal(
    (await login("no-colon", "192.0.2.1")).status,
    401,
    "unreadable credentials: the challenge, as ever",
  );
});

Deno.test("/login: successes and unavailable checks never count as failures", async () => {
  let busy = true;
  const { login, limiter } = authApp((_, password) => busy ? "busy" : password === "right" ? "ok" : "wrong");
  for (let i = 0; i < 5; i++) assert.equal((await login("user:right")).status, 503);
  busy = false;
  for (let i = 0; i < 5; i++) assert.equal((await login("user:right")).status, 200);
  assert.equal(limiter.size, 0, "nothing counted against the client");
});

Deno.test("/login: the limiter and the fair queue count the client a trusted proxy names, an IPv6 client by its /64", async () => {
  const { login, shareKeys } = authApp(() => "wrong");
  const via = (client: string) => ({ "X-Forwarded-For": client });
  assert.equal((await login("user:a", "10.0.0.5", via("2001:db8:1:2::a"))).status, 401);
  assert.equal((await login("user:b", "10.0.0.5", via("2001:db8:1:2::b"))).status, 401);
  assert.equal((await login("user:c", "10.0.0.5", via("2001:db8:1:2:ffff::c"))).status, 429, "same /64");
  assert.equal((await login("user:d", "10.0.0.5", via("2001:db8:1:3::a"))).status, 401, "another /64");
  assert.equal(
    (await login("user:e", "10.0.0.5", via("203.0.113.1"))).status,
    401,
    "the proxy itself is not the key",
  );
  assert.deepEqual(
    shareKeys,
    ["2001:db8:1:2::/64", "2001:db8:1:2::/64", "2001:db8:1:3::/64", "203.0.113.1"],
    "the fair login queue takes turns by the same client (the 429 never queued)",
  );
});
