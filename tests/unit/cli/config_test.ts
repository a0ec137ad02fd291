import assert from "node:assert/strict";
import { parseServeConfig, type ServeConfig } from "../../../src/cli/config.ts";
import { ConfigError } from "../../../src/cli/config_error.ts";
import { UsageError } from "../../../src/cli/flags.ts";

const noEnv = () => undefined;
const noFiles = (path: string): string => {
  throw new Deno.errors.NotFound(`No such file or directory (os error 2): readfile '${path}'`);
};

function config(
  args: string[],
  env: Record<string, string> = {},
  files: Record<string, string> = {},
): ServeConfig {
  const parsed = parseServeConfig(args, (name) => env[name], (path) => {
    if (path in files) return files[path];
    return noFiles(path);
  });
  assert.equal(parsed.help, false);
  return (parsed as { config: ServeConfig }).config;
}

Deno.test("config: unprivileged defaults and the course's secret", () => {
  const c = config([]);
  assert.deepEqual(c.http, { hostname: "0.0.0.0", port: 8080 });
  assert.deepEqual(c.health, { hostname: "0.0.0.0", port: 8081 });
  assert.equal(c.secret, "secret");
  assert.equal(c.secretSource, "default");
  assert.equal(c.drainMs, 0);
  assert.equal(c.shutdownTimeoutMs, 10_000);
});

Deno.test("config: the course's command lines", () => {
  assert.deepEqual(config(["-http", ":10080"]).http, { hostname: "0.0.0.0", port: 10080 });
  const hello = config(["-http", "0.0.0.0:10082", "-health", "0.0.0.0:10081"]);
  assert.equal(hello.http.port, 10082);
  assert.equal(hello.health.port, 10081);
  assert.equal(config(["-http", ":10090", "-health", ":10091"]).health.port, 10091);
});

Deno.test("config: environment fills what flags leave out; a flag wins", () => {
  const env = {
    APP_HTTP: "127.0.0.1:9000",
    APP_HEALTH: ":9001",
    APP_SECRET: "from-env",
    APP_DRAIN: "5s",
    APP_SHUTDOWN_TIMEOUT: "20s",
  };
  const fromEnv = config([], env);
  assert.deepEqual(fromEnv.http, { hostname: "127.0.0.1", port: 9000 });
  assert.equal(fromEnv.health.port, 9001);
  assert.equal(fromEnv.secret, "from-env");
  assert.equal(fromEnv.secretSource, "env");
  assert.equal(fromEnv.drainMs, 5000);
  assert.equal(fromEnv.shutdownTimeoutMs, 20_000);
  const flagged = config(["-http", ":1", "-secret", "from-flag", "-drain", "1s"], env);
  assert.equal(flagged.http.port, 1);
  assert.equal(flagged.secret, "from-flag");
  assert.equal(flagged.secretSource, "flag");
  assert.equal(flagged.drainMs, 1000);
});

Deno.test("config: the secret can come from a file, without its trailing newline", () => {
  const c = config(["-secret-file", "/run/jwt"], {}, { "/run/jwt": "s3cr3t\n" });
  assert.equal(c.secret, "s3cr3t");
  assert.equal(c.secretSource, "file");
  const viaEnv = config([], { APP_SECRET_FILE: "/run/jwt" }, { "/run/jwt": "other" });
  assert.equal(viaEnv.secret, "other");
  // A file named on the command line beats a secret in the environment.
  assert.equal(
    config(["-secret-file", "/run/jwt"], { APP_SECRET: "env" }, { "/run/jwt": "file" }).secret,
    "file",
  );
});

Deno.test("config: usage mistakes are UsageErrors (exit 2)", async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["-http", "10080"], {}, /invalid value for -http: address "10080": missing port/],
    [["-health", ":99999"], {}, /invalid value for -health: .*invalid port "99999"/],
    [[], { APP_HTTP: "nonsense" }, /invalid value for -http/],
    [["-drain", "soon"], {}, /invalid value "soon" for -drain: want a duration/],
    [["-shutdown-timeout", "10"], {}, /invalid value "10" for -shutdown-timeout/],
    [[], { APP_DRAIN: "soon" }, /invalid value "soon" for -drain \(from APP_DRAIN\): want a duration/],
    // Longer than a timer can wait: it would fire at once and skip the drain or the grace period.
    [["-drain", "600h"], {}, /invalid value "600h" for -drain: at most 596h/],
    [["-shutdown-timeout", "9999h"], {}, /invalid value "9999h" for -shutdown-timeout: at most 596h/],
    [["-http", ":9000", "-health", "0.0.0.0:9000"], {}, /-http and -health must be different addresses/],
    [["-secret", ""], {}, /the secret must not be empty/],
    [["-secret", "a", "-secret-file", "/x"], {}, /either -secret or -secret-file, not both/],
    // The message names what the user actually set.
    [["-secret", "a"], { APP_SECRET_FILE: "/x" }, /either -secret or APP_SECRET_FILE, not both/],
    [[], { APP_SECRET: "a", APP_SECRET_FILE: "/x" }, /either APP_SECRET or APP_SECRET_FILE, not both/],
  ];
  for (const [args, env, message] of cases) {
    await t.step([...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(" ") || "(none)", () => {
      assert.throws(() => config(args, env), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("config: a secret file may hold several secrets, one per line, the first signing", () => {
  const c = config(["-secret-file", "/run/jwt"], {}, { "/run/jwt": "new\r\n\nold\n" });
  assert.equal(c.secret, "new");
  assert.deepEqual(c.secrets, ["new", "old"]);
  assert.deepEqual(c.secretFile, { path: "/run/jwt", text: "new\r\n\nold\n" });
  assert.deepEqual(config(["-secret", "s"]).secrets, ["s"]);
});

Deno.test("config: key flags: -verify-key repeats (its variable is comma-separated), -jwks-url wants an http(s) URL", () => {
  const none = config([]);
  assert.deepEqual([none.signingKey, none.verifyKeys, none.jwksUrl], [undefined, [], undefined]);
  const flags = config(["-signing-key", "/k/s.pem", "-verify-key", "/k/a.pem", "--verify-key=/k/b.pem"]);
  assert.equal(flags.signingKey, "/k/s.pem");
  assert.deepEqual(flags.verifyKeys, ["/k/a.pem", "/k/b.pem"]);
  assert.deepEqual(config([], { APP_VERIFY_KEY: "/k/a.pem,/k/b.pem" }).verifyKeys, ["/k/a.pem", "/k/b.pem"]);
  assert.deepEqual(config(["-verify-key", "/k/c.pem"], { APP_VERIFY_KEY: "/k/a.pem" }).verifyKeys, [
    "/k/c.pem",
  ]);
  const url = "http://auth/.well-known/jwks.json";
  assert.equal(config([], { APP_JWKS_URL: url }).jwksUrl, url);
  const bad: [string[], Record<string, string>, RegExp][] = [
    [
      ["-jwks-url", "auth/jwks.json"],
      {},
      /invalid value "auth\/jwks.json" for -jwks-url: want an http\(s\) URL/,
    ],
    [[], { APP_JWKS_URL: "file:///etc/passwd" }, /for APP_JWKS_URL: want an http\(s\) URL/],
    [["-jwks-url", url, "-verify-key", "/k/a.pem"], {}, /either -verify-key or -jwks-url, not both/],
    [[], { APP_VERIFY_KEY: "/k/a.pem,,/k/b.pem" }, /invalid value for APP_VERIFY_KEY: an empty path/],
  ];
  for (const [args, env, message] of bad) {
    assert.throws(() => config(args, env), (error: unknown) => {
      assert.ok(error instanceof UsageError, `${args.join(" ")}: ${error}`);
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("config: an unreadable or empty secret file is a ConfigError (exit 1)", () => {
  assert.throws(() => config(["-secret-file", "/missing"]), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^cannot read secret file "\/missing": No such file/);
    return true;
  });
  assert.throws(
    () => config(["-secret-file", "/empty"], {}, { "/empty": "\n" }),
    /secret file "\/empty" is empty/,
  );
});

Deno.test("config: -help is reported, not an error", () => {
  assert.deepEqual(parseServeConfig(["-help"], noEnv), { help: true });
});
