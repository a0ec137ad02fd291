import assert from "node:assert/strict";
import { type AppProcess, runCli, startApp } from "../../scripts/lib/app_process.ts";
import { claims, hmacToken, HS256 } from "../support/jwt.ts";
import { basicHeaders } from "../support/credentials.ts";
import { headerFor, keyToken, testKey, writeTestKey } from "../support/key_jwt.ts";
import { statusOf, until } from "../../scripts/lib/wait.ts";

async function login(auth: AppProcess): Promise<string> {
  const response = await fetch(`${auth.url}/login`, { headers: basicHeaders("user:password") });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

async function secure(
  app: AppProcess,
  token: string,
): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(`${app.url}/secure`, { headers: { Authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return { status: response.status, retryAfter: response.headers.get("retry-after") };
}

const status = statusOf;

Deno.test("auth signs with a private key; hello verifies with the public key file only and cannot be fooled by HS256", async () => {
  const dir = await Deno.makeTempDir();
  const apps: AppProcess[] = [];
  try {
    const key = await testKey("EdDSA");
    const paths = await writeTestKey(dir, key);
    const auth = await startApp("auth", ["-signing-key", paths.signing]);
    apps.push(auth);
    const hello = await startApp("hello", ["-verify-key", paths.verify]);
    apps.push(hello);
    assert.doesNotMatch(auth.stderr() + hello.stderr(), /default secret/, "no shared secret is in use");

    const jwks = await (await fetch(`${auth.url}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid), [key.kid]);
    assert.ok(jwks.keys.every((k: object) => !("d" in k)), "a private key member was published");

    const token = await login(auth);
    assert.equal(JSON.parse(atob(token.split(".")[0])).alg, "EdDSA");
    assert.equal((await secure(hello, token)).status, 200);
    // The course's HS256 token with the course's secret: hello holds no secret, so it is refused.
    assert.equal((await secure(hello, hmacToken(HS256, claims(), "secret"))).status, 401);
    // hello does not publish keys: it signs nothing.
    assert.equal(await status(`${hello.url}/.well-known/jwks.json`), 404);
  } finally {
    for (const app of apps) await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hello -jwks-url: not ready until the set is fetched, then verifies; keeps the set while the URL is down; a new kid is fetched", async () => {
  const dir = await Deno.makeTempDir();
  const apps: AppProcess[] = [];
  // A stand-in for the auth Service's address, so the test decides when it answers.
  let upstream: string | undefined;
  const front = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    if (upstream === undefined) return new Response("down", { status: 503 });
    return await fetch(`${upstream}/.well-known/jwks.json`);
  });
  try {
    const [oldKey, newKey] = await Promise.all([testKey("EdDSA"), testKey("ES256")]);
    const oldPaths = await writeTestKey(dir, oldKey, "old");
    const newPaths = await writeTestKey(dir, newKey, "new");
    const hello = await startApp("hello", [
      "-jwks-url",
      `http://127.0.0.1:${front.addr.port}/.well-known/jwks.json`,
    ]);
    apps.push(hello);
    const auth = await startApp("auth", ["-signing-key", oldPaths.signing]);
    apps.push(auth);
    const token = await login(auth);

    // No key yet: not ready, and /secure says so rather than calling a maybe-valid token invalid.
    assert.equal(await status(`${hello.healthUrl}/readiness`), 503);
    assert.deepEqual(await secure(hello, token), { status: 503, retryAfter: "1" });
    assert.equal(
      await status(`${hello.healthUrl}/healthz`),
      200,
      "waiting for keys is not a liveness failure",
    );

    upstream = auth.url;
    await until("hello becomes ready", async () => (await status(`${hello.healthUrl}/readiness`)) === 200, {
      timeoutMs: 15_000,
    });
    assert.equal((await secure(hello, token)).status, 200);
    // Keys replaced the course's secret, and hello says so at start: an HS256 token fails.
    assert.equal((await secure(hello, hmacToken(HS256, claims(), "secret"))).status, 401);
    assert.match(hello.stderr(), /HS256 tokens are refused: keys verify/);
    assert.doesNotMatch(auth.stderr(), /HS256 tokens are refused/, "auth verifies nothing");

    // The URL goes down: a token of a key hello does not know makes it fetch the set again (once the
    // last fetch is 5 s old), the fetch fails, and the last good set is kept.
    upstream = undefined;
    const unknown = await keyToken(headerFor(newKey), claims(), newKey);
    await until("hello to fail a fetch and keep its keys", async () => {
      assert.equal((await secure(hello, unknown)).status, 401, "a key never published verified a token");
      return /HTTP 503; keeping the 1 keys in use/.test(hello.stderr());
    }, { timeoutMs: 15_000, everyMs: 200 });
    const second = await login(auth);
    assert.equal((await secure(hello, second)).status, 200);
    assert.equal(await status(`${hello.healthUrl}/readiness`), 200);

    // Key rotation: a new auth signs with a new key and still publishes the old one.
    const rotated = await startApp("auth", [
      "-signing-key",
      newPaths.signing,
      "-verify-key",
      oldPaths.verify,
    ]);
    apps.push(rotated);
    const jwks = await (await fetch(`${rotated.url}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid), [newKey.kid, oldKey.kid]);
    upstream = rotated.url;
    const fresh = await login(rotated);
    assert.equal(JSON.parse(atob(fresh.split(".")[0])).kid, newKey.kid);
    // The unknown kid triggers a fetch once the failed one above is 5 s old.
    await until("hello accepts the new key", async () => (await secure(hello, fresh)).status === 200, {
      timeoutMs: 15_000,
      everyMs: 200,
    });
    assert.equal((await secure(hello, token)).status, 200, "tokens of the old key still verify");
    assert.match(hello.stderr(), /cannot use JWKS from .*HTTP 503; no keys yet: not ready/);
  } finally {
    for (const app of apps) await app.stop();
    await front.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("key flags: wrong mode exits 2 with usage; an unusable key file is one line, exit 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const key = await testKey();
    const paths = await writeTestKey(dir, key);
    const usage: [string[], RegExp][] = [
      [["hello", "-signing-key", paths.signing], /-signing-key is a flag of monolith and auth, not of hello/],
      [
        ["auth", "-jwks-url", "http://127.0.0.1:1/jwks.json"],
        /-jwks-url is a flag of monolith and hello, not of auth/,
      ],
      [
        ["hello", "-jwks-url", "ftp://x/jwks"],
        /invalid value "ftp:\/\/x\/jwks" for -jwks-url: want an http\(s\) URL/,
      ],
      [
        ["hello", "-jwks-url", "http://127.0.0.1:1/", "-verify-key", paths.verify],
        /either -verify-key or -jwks-url/,
      ],
    ];
    for (const [args, pattern] of usage) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr.split("\n")[0], pattern);
    }
    const failures: [string[], RegExp][] = [
      [
        ["auth", "-signing-key", `${dir}/missing.pem`],
        /cannot read signing key ".*missing\.pem": No such file/,
      ],
      [["auth", "-signing-key", paths.verify], /signing key ".*": holds PUBLIC KEY, want PRIVATE KEY/],
      [["hello", "-verify-key", paths.signing], /verify key ".*": holds PRIVATE KEY, want PUBLIC KEY/],
    ];
    for (const [args, pattern] of failures) {
      const result = await runCli(args);
      assert.equal(result.code, 1, `${args.join(" ")}: ${result.stderr}`);
      const lines = result.stderr.split("\n").filter((line) =>
        line !== "" && !/^\d{4}\/.* (Starting |warning: no -users-file)/.test(line)
      );
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], pattern);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a monolith verifies what it signs: its key tokens, its HS256 tokens beside -verify-key, its own beside a JWKS URL", async () => {
  const dir = await Deno.makeTempDir();
  const apps: AppProcess[] = [];
  try {
    const [signing, other] = await Promise.all([testKey("ES256"), testKey("EdDSA")]);
    const signingPaths = await writeTestKey(dir, signing, "signing");
    const otherPaths = await writeTestKey(dir, other, "other");
    const keyed = await startApp("monolith", ["-signing-key", signingPaths.signing]);
    apps.push(keyed);
    const keyToken = await login(keyed);
    assert.equal(JSON.parse(atob(keyToken.split(".")[0])).alg, "ES256");
    assert.equal((await secure(keyed, keyToken)).status, 200);
    assert.doesNotMatch(keyed.stderr(), /default secret/);

    const publishing = await startApp("monolith", ["-verify-key", otherPaths.verify]);
    apps.push(publishing);
    const hsToken = await login(publishing);
    assert.equal(JSON.parse(atob(hsToken.split(".")[0])).alg, "HS256");
    assert.equal((await secure(publishing, hsToken)).status, 200);
    assert.match(
      publishing.stderr(),
      /default secret/,
      "it still signs with the course's secret, and says so",
    );
    assert.doesNotMatch(publishing.stderr(), /HS256 tokens are refused/, "it verifies what it signs");
    const jwks = await (await fetch(`${publishing.url}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwks.keys.map((k: { kid: string }) => k.kid), [other.kid]);

    // Its own key plus another issuer's JWKS: both kinds of token verify.
    const both = await startApp("monolith", [
      "-signing-key",
      otherPaths.signing,
      "-jwks-url",
      `${keyed.url}/.well-known/jwks.json`,
    ]);
    apps.push(both);
    await until("the JWKS is fetched", async () => (await status(`${both.healthUrl}/readiness`)) === 200, {
      timeoutMs: 15_000,
    });
    assert.equal((await secure(both, await login(both))).status, 200, "its own token");
    assert.equal((await secure(both, keyToken)).status, 200, "the other issuer's token");
  } finally {
    for (const app of apps) await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
