import assert from "node:assert/strict";
import { JwksClient, type JwksClientOptions } from "../../../src/keys/jwks_client.ts";
import type { HttpAnswer, HttpGetOptions } from "../../../src/http/http_get.ts";
import { TokenKeysUnavailable } from "../../../src/auth/jwt/token_service.ts";
import { testKey } from "../../support/key_jwt.ts";

const URL_ = "http://auth.test:10090/.well-known/jwks.json";
const [ed, ec] = await Promise.all([testKey("EdDSA"), testKey("ES256")]);
const RSA_JWK = { kty: "RSA", n: "sXch", e: "AQAB", kid: "rsa-1", use: "sig", alg: "RS256" };

/** An HTTP answer: a status and a JSON (or raw text) body. */
const answer = (status: number, body: unknown): HttpAnswer => ({
  status,
  headers: new Headers(),
  body: new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body)),
});

/**
 * A JwksClient whose GET answers from `answers` in turn (the last one repeats; an Error is thrown),
 * on a clock the test moves. Records requests and log lines.
 */
function client(answers: (HttpAnswer | Error)[], options: Partial<JwksClientOptions> = {}) {
  const clock = { ms: 1000 };
  const requests: { url: string; options: HttpGetOptions }[] = [];
  const logs: string[] = [];
  let loaded = 0;
  const jwks = new JwksClient({
    url: URL_,
    log: (line) => logs.push(line),
    onLoaded: () => loaded++,
    now: () => clock.ms,
    get: (url, options) => {
      requests.push({ url, options });
      const next = answers.length > 1 ? answers.shift()! : answers[0];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    ...options,
  });
  return { jwks, clock, requests, logs, loadedCount: () => loaded };
}

Deno.test("jwks client: the first refresh fetches the set and its keys are used by kid", async () => {
  const { jwks, requests, logs, loadedCount } = client([answer(200, { keys: [ed.signing.public.jwk] })]);
  assert.equal(jwks.loaded, false);
  assert.equal(jwks.get(ed.kid), undefined);
  await jwks.refresh(ed.kid);
  assert.equal(jwks.loaded, true);
  assert.equal(jwks.get(ed.kid)?.alg, "EdDSA");
  assert.equal(loadedCount(), 1);
  assert.deepEqual(logs, [`token keys from ${URL_}: EdDSA ${ed.kid}`]);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].url, URL_);
  assert.equal(requests[0].options.maxBody, 64 * 1024, "a hostile set cannot take more than 64 KiB");
  assert.equal(requests[0].options.timeoutMs, 3000);
  assert.deepEqual(requests[0].options.headers, { Accept: "application/json" });
});

Deno.test("jwks client: refreshes for unknown kids are at most one per cooldown", async (t) => {
  const { jwks, clock, requests } = client([answer(200, { keys: [ed.signing.public.jwk] })], {
    minRefreshMs: 5000,
  });
  await jwks.refresh("a");
  const steps: [string, number, number][] = [
    ["right after the first fetch: none", 0, 1],
    ["4999 ms later: none", 4999, 1],
    ["5000 ms after the first fetch: one", 1, 2],
    ["again at once: none", 0, 2],
    ["5000 ms after the second: one", 5000, 3],
  ];
  for (const [name, advance, fetches] of steps) {
    await t.step(name, async () => {
      clock.ms += advance;
      await jwks.refresh("unknown-kid");
      assert.equal(requests.length, fetches);
    });
  }
});

Deno.test("jwks client: refreshes asked for at once share one fetch", async () => {
  let release!: (answer: HttpAnswer) => void;
  let calls = 0;
  const jwks = new JwksClient({
    url: URL_,
    log: () => {},
    get: () => (calls++, new Promise<HttpAnswer>((resolve) => release = resolve)),
  });
  const waiting = Array.from({ length: 20 }, (_, i) => jwks.refresh(`kid-${i}`));
  release(answer(200, { keys: [ed.signing.public.jwk] }));
  await Promise.all(waiting);
  assert.equal(calls, 1);
  assert.ok(jwks.get(ed.kid));
});

Deno.test("jwks client: until a set has been fetched, checks fail as TokenKeysUnavailable, never as invalid", async (t) => {
  const failures: [string, HttpAnswer | Error, string][] = [
    ["a 500", answer(500, "oops"), "HTTP 500"],
    ["a 404", answer(404, "not found"), "HTTP 404"],
    ["a connection error", new Error("connection refused\nstack line"), "connection refused"],
    ["not JSON", answer(200, "<html>"), "not JSON"],
    ["JSON null", answer(200, "null"), 'no "keys" array'],
    ["JSON without keys", answer(200, { Keys: [] }), 'no "keys" array'],
    ["keys not an array", answer(200, { keys: { a: 1 } }), 'no "keys" array'],
    ["an empty set", answer(200, { keys: [] }), "no Ed25519 or P-256 signing key in the set"],
    [
      "only keys of other types",
      answer(200, { keys: [RSA_JWK, null, "x", 7] }),
      "no Ed25519 or P-256 signing key in the set",
    ],
    [
      "a private key published",
      answer(200, { keys: [{ ...ed.signing.public.jwk, d: "AAAA" }] }),
      "no Ed25519 or P-256 signing key in the set",
    ],
  ];
  for (const [name, failure, reason] of failures) {
    await t.step(name, async () => {
      const { jwks, logs, loadedCount } = client([failure]);
      await assert.rejects(jwks.refresh("k"), TokenKeysUnavailable);
      assert.equal(jwks.loaded, false);
      assert.equal(loadedCount(), 0);
      assert.deepEqual(logs, [`cannot use JWKS from ${URL_}: ${reason}; no keys yet: not ready`]);
    });
  }
});

Deno.test("jwks client: the same problem is logged once, a new one again", async () => {
  const { jwks, clock, logs } = client([
    answer(500, ""),
    answer(500, ""),
    answer(500, ""),
    answer(503, ""),
    answer(200, { keys: [ed.signing.public.jwk] }),
  ], { minRefreshMs: 1 });
  for (let i = 0; i < 5; i++) {
    clock.ms += 10;
    await jwks.refresh("k").catch(() => {});
  }
  assert.deepEqual(logs, [
    `cannot use JWKS from ${URL_}: HTTP 500; no keys yet: not ready`,
    `cannot use JWKS from ${URL_}: HTTP 503; no keys yet: not ready`,
    `token keys from ${URL_}: EdDSA ${ed.kid}`,
  ]);
});

Deno.test("jwks client: once loaded, a failing or nonsensical URL keeps the last good set", async () => {
  const { jwks, clock, logs, loadedCount } = client([
    answer(200, { keys: [ed.signing.public.jwk] }),
    answer(200, "garbage"),
    new Error("timed out"),
  ], { minRefreshMs: 1 });
  await jwks.refresh("k");
  clock.ms += 10;
  await jwks.refresh("k");
  clock.ms += 10;
  await jwks.refresh("k");
  assert.equal(jwks.loaded, true);
  assert.ok(jwks.get(ed.kid), "the last good key still verifies");
  assert.equal(loadedCount(), 1);
  assert.deepEqual(logs.slice(1), [
    `cannot use JWKS from ${URL_}: not JSON; keeping the 1 keys in use`,
    `cannot use JWKS from ${URL_}: timed out; keeping the 1 keys in use`,
  ]);
});

Deno.test("jwks client: a rotated set replaces the old keys, foreign keys are skipped, unchanged sets are quiet", async () => {
  const { jwks, clock, logs } = client([
    answer(200, { keys: [ed.signing.public.jwk] }),
    answer(200, { keys: [RSA_JWK, ec.signing.public.jwk] }),
    answer(200, { keys: [RSA_JWK, ec.signing.public.jwk] }),
  ], { minRefreshMs: 1 });
  await jwks.refresh("k");
  clock.ms += 10;
  await jwks.refresh(ec.kid);
  assert.equal(jwks.get(ed.kid), undefined, "a key taken out of the set no longer verifies");
  assert.equal(jwks.get(ec.kid)?.alg, "ES256");
  assert.equal(jwks.get("rsa-1"), undefined);
  clock.ms += 10;
  await jwks.refresh(ec.kid);
  assert.deepEqual(logs, [
    `token keys from ${URL_}: EdDSA ${ed.kid}`,
    `token keys from ${URL_}: ES256 ${ec.kid}`,
  ]);
});

Deno.test("jwks client: start retries until the set is in, then close stops it", async () => {
  let loaded!: () => void;
  const loadedNow = new Promise<void>((resolve) => loaded = resolve);
  const answers = [
    new Error("refused"),
    new Error("refused"),
    answer(200, { keys: [ed.signing.public.jwk] }),
  ];
  let calls = 0;
  const jwks = new JwksClient({
    url: URL_,
    log: () => {},
    onLoaded: loaded,
    retryMs: 1,
    periodicMs: 3_600_000,
    get: () => {
      calls++;
      const next = answers.shift()!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  });
  // The client's timers are unref'd (they never keep a server alive): hold the loop open meanwhile.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    await jwks.start();
    assert.equal(jwks.loaded, false, "start resolves after the first attempt, whatever its outcome");
    await loadedNow;
    assert.equal(calls, 3);
    assert.ok(jwks.get(ed.kid));
  } finally {
    jwks.close();
    clearInterval(keepAlive);
  }
});
