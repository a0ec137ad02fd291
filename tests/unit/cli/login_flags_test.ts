import assert from "node:assert/strict";
import { parseServeConfig } from "../../../src/cli/config.ts";
import { UsageError } from "../../../src/cli/flags.ts";

const parse = (args: string[], env: Record<string, string> = {}) => {
  const parsed = parseServeConfig(args, (name) => env[name], () => "unused");
  if (parsed.help) throw new Error("help");
  return parsed.config;
};

Deno.test("login flags: defaults, flags and environment twins", () => {
  const standard = parse([]);
  assert.equal(standard.loginFailures, 10);
  assert.equal(standard.loginWindowMs, 300_000);
  assert.equal(standard.loginClients, 10_000);
  assert.deepEqual(standard.trustedProxies, []);
  assert.equal(standard.usersFile, undefined);
  assert.equal(standard.maxBcryptCost, 14);
  assert.equal(standard.bcryptTimeoutMs, 10_000);
  const fromEnv = parse([], {
    APP_LOGIN_FAILURES: "0",
    APP_LOGIN_WINDOW: "90s",
    APP_LOGIN_CLIENTS: "50",
    APP_TRUSTED_PROXIES: "10.0.0.0/8,::1",
    APP_USERS_FILE: "/etc/users/htpasswd",
    APP_MAX_BCRYPT_COST: "31",
    APP_BCRYPT_TIMEOUT: "90s",
  });
  assert.equal(fromEnv.maxBcryptCost, 31);
  assert.equal(fromEnv.bcryptTimeoutMs, 90_000);
  assert.equal(fromEnv.loginFailures, 0);
  assert.equal(fromEnv.loginWindowMs, 90_000);
  assert.equal(fromEnv.loginClients, 50);
  assert.equal(fromEnv.trustedProxies.length, 2);
  assert.equal(fromEnv.usersFile, "/etc/users/htpasswd");
  assert.equal(parse(["-login-failures", "4"], { APP_LOGIN_FAILURES: "7" }).loginFailures, 4, "a flag wins");
});

Deno.test("login flags: bad values are usage errors naming the flag or its variable", async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["-login-failures", "-1"], {}, /invalid value "-1" for -login-failures: want a whole number 0-1000000/],
    [["-login-failures", "ten"], {}, /for -login-failures/],
    [[], { APP_LOGIN_FAILURES: "2.5" }, /invalid value "2.5" for APP_LOGIN_FAILURES/],
    [["-login-clients", "0"], {}, /for -login-clients: want a whole number 1-10000000/],
    [["-login-window", "forever"], {}, /invalid value "forever" for -login-window/],
    [["-login-window", "500ms"], {}, /-login-window: at least 1s/],
    [["-login-window", "0"], {}, /-login-window: at least 1s \(-login-failures 0 turns the limit off\)/],
    [[], { APP_LOGIN_WINDOW: "0s" }, /APP_LOGIN_WINDOW: at least 1s/],
    [["-max-bcrypt-cost", "32"], {}, /invalid value "32" for -max-bcrypt-cost: want a whole number 4-31/],
    [[], { APP_MAX_BCRYPT_COST: "3" }, /invalid value "3" for APP_MAX_BCRYPT_COST/],
    [["-bcrypt-timeout", "50ms"], {}, /-bcrypt-timeout: at least 100ms/],
    [
      ["-trusted-proxies", "10.0.0.0/33"],
      {},
      /invalid value for -trusted-proxies: "10.0.0.0\/33": prefix length/,
    ],
    [[], { APP_TRUSTED_PROXIES: "nginx" }, /APP_TRUSTED_PROXIES: "nginx": not an IP address or CIDR range/],
  ];
  for (const [args, env, message] of cases) {
    await t.step(`${args.join(" ")}${JSON.stringify(env)}`, () => {
      assert.throws(() => parse(args, env), (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
