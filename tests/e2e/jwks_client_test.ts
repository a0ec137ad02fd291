import assert from "node:assert/strict";
import { JwksClient } from "../../src/keys/jwks_client.ts";
import { TokenKeysUnavailable } from "../../src/auth/jwt/token_service.ts";
import { jwkSet } from "../../src/keys/jwk.ts";
import { testKey } from "../support/key_jwt.ts";
import { within } from "../../scripts/lib/wait.ts";

const [a, b] = await Promise.all([testKey("EdDSA"), testKey("ES256")]);

/** A loopback JWKS server whose answer the test sets, counting requests. */
function jwksServer() {
  const state = { body: JSON.stringify(jwkSet([a.signing.public])), status: 200, requests: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    state.requests++;
    return new Response(state.body, {
      status: state.status,
      headers: { "Content-Type": "application/json" },
    });
  });
  return { state, server, url: `http://127.0.0.1:${server.addr.port}/.well-known/jwks.json` };
}

Deno.test("jwks client: unknown kids trigger at most one fetch per interval, shared by concurrent requests", async () => {
  const { state, server, url } = jwksServer();
  const logs: string[] = [];
  const clock = { ms: 10_000 };
  const client = new JwksClient({
    url,
    log: (line) => logs.push(line),
    minRefreshMs: 300,
    now: () => clock.ms,
  });
  try {
    await client.start();
    assert.ok(client.loaded);
    assert.ok(client.get(a.kid));
    assert.equal(state.requests, 1);
    // A flood of unknown kids right after a fetch: no new fetch.
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.refresh(`nope-${i}`)));
    assert.equal(state.requests, 1);
    clock.ms += 299;
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.refresh(`nope-${i}`)));
    assert.equal(state.requests, 1, "a fetch before the interval was over");
    clock.ms += 1;
    state.body = JSON.stringify(jwkSet([a.signing.public, b.signing.public]));
    await Promise.all(Array.from({ length: 50 }, () => client.refresh(b.kid)));
    assert.equal(state.requests, 2, "one fetch for 50 concurrent unknown-kid requests");
    assert.ok(client.get(b.kid));
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("jwks client: the last good set is kept when the URL fails or answers nonsense; each problem logged once", async () => {
  const { state, server, url } = jwksServer();
  const logs: string[] = [];
  const client = new JwksClient({ url, log: (line) => logs.push(line), minRefreshMs: 0 });
  try {
    await client.start();
    const bad: [number, string, RegExp][] = [
      [500, "oops", /HTTP 500/],
      [200, "not json", /not JSON/],
      [200, '{"keys": []}', /no Ed25519 or P-256 signing key/],
      [200, JSON.stringify({ keys: [{ kty: "RSA", n: "x", e: "AQAB", kid: "r" }] }), /no Ed25519 or P-256/],
      [200, JSON.stringify({ keys: [{ ...a.signing.public.jwk, d: "private" }] }), /no Ed25519 or P-256/],
      [200, "x".repeat(70_000), /over 65536 bytes/],
    ];
    for (const [status, body, pattern] of bad) {
      state.status = status;
      state.body = body;
      await client.refresh("unknown");
      await client.refresh("unknown");
      assert.ok(client.get(a.kid), `${pattern}: the last good key was dropped`);
      assert.equal(logs.filter((line) => pattern.test(line)).length, 1, `${pattern}: ${logs.join("\n")}`);
      assert.match(logs.at(-1)!, /keeping the 1 keys in use/);
    }
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("jwks client: an endless body (chunked, no length) is cut off at the cap, not read until the timeout", async () => {
  let sent = 0;
  const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      }),
      { headers: { "Content-Type": "application/json" } },
    ));
  const logs: string[] = [];
  const url = `http://127.0.0.1:${server.addr.port}/jwks.json`;
  const client = new JwksClient({ url, log: (line) => logs.push(line), timeoutMs: 30_000 });
  try {
    await client.start();
    assert.equal(client.loaded, false);
    assert.match(logs.join("\n"), /over 65536 bytes/);
    // The server runs ahead of the reader by what the sockets buffer, nothing like an endless body.
    assert.ok(sent < 8 << 20, `the server sent ${sent} bytes before the client stopped reading`);
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("jwks client: before any set is in, an unknown kid is TokenKeysUnavailable, not a refusal", async () => {
  const { state, server, url } = jwksServer();
  state.status = 503;
  const loaded = Promise.withResolvers<void>();
  const client = new JwksClient({ url, log: () => {}, retryMs: 50, onLoaded: () => loaded.resolve() });
  try {
    await client.start();
    assert.equal(client.loaded, false);
    await assert.rejects(client.refresh(a.kid), TokenKeysUnavailable);
    state.status = 200;
    await within(loaded.promise, 5_000, () => "the retry loop did not fetch the set");
    assert.ok(client.get(a.kid));
  } finally {
    client.close();
    await server.shutdown();
  }
});
