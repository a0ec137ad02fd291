import assert from "node:assert/strict";
import { BodyTooLarge, httpGet, HttpTimeout } from "../../src/http/http_get.ts";
import { JwksClient } from "../../src/keys/jwks_client.ts";
import { jwkSet } from "../../src/keys/jwk.ts";
import { testKey } from "../support/key_jwt.ts";
import { runCli } from "../../scripts/lib/app_process.ts";
import { makeTlsFixture } from "../support/tls_fixture.ts";
import { join } from "node:path";

/** The course's port, on the WHATWG fetch "bad ports" list. */
const COURSE_PORT = 10080;

/**
 * Listens on port 10080 of a loopback address. Another program on this machine may hold
 * 127.0.0.1:10080; the rest of 127/8 and ::1 are loopback too.
 */
function listenCoursePort(): { listener: Deno.TcpListener; origin: string } {
  for (const hostname of ["127.0.0.1", "127.0.0.2", "127.0.0.3", "::1"]) {
    try {
      const listener = Deno.listen({ hostname, port: COURSE_PORT });
      return {
        listener,
        origin: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${COURSE_PORT}`,
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    }
  }
  throw new Error(`port ${COURSE_PORT} is taken on every loopback address tried: free it to run this test`);
}

/** A raw server on port 10080 that reads a request head and writes `answer` bytes, then closes. */
async function withRawServer(answer: string | Uint8Array | null, test: (origin: string) => Promise<void>) {
  const { listener, origin } = listenCoursePort();
  const conns: Deno.Conn[] = [];
  const serving = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      const head = new Uint8Array(4096);
      await conn.read(head).catch(() => null);
      if (answer === null) continue; // stall: answer nothing
      const bytes = typeof answer === "string" ? new TextEncoder().encode(answer) : answer;
      await conn.write(bytes).catch(() => 0);
      conn.close();
    }
  })();
  try {
    await test(origin);
  } finally {
    listener.close();
    await serving.catch(() => {});
    for (const conn of conns) {
      try {
        conn.close();
      } catch {
        // closed by the server loop
      }
    }
  }
}

Deno.test("outgoing GETs reach port 10080, which fetch refuses", async () => {
  await withRawServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", async (origin) => {
    await assert.rejects(fetch(`${origin}/`), /port 10080 are blocked/);
    const answer = await httpGet(`${origin}/`, { timeoutMs: 2000 });
    assert.equal(answer.status, 200);
    assert.equal(new TextDecoder().decode(answer.body), "ok");
    const probe = await runCli(["healthcheck", "-url", `${origin}/readiness`]);
    assert.deepEqual(probe, { code: 0, stdout: "", stderr: "" });
  });
});

Deno.test("the JWKS client loads keys from port 10080 (Deno.serve, chunked body)", async () => {
  const key = await testKey("EdDSA");
  const { listener, origin } = listenCoursePort();
  listener.close(); // freed for Deno.serve on the same address
  const hostname = new URL(origin).hostname.replace(/^\[(.*)\]$/, "$1");
  const server = Deno.serve(
    { hostname, port: COURSE_PORT, onListen() {} },
    () =>
      new Response(
        ReadableStream.from([new TextEncoder().encode(JSON.stringify(jwkSet([key.signing.public])))]),
      ),
  );
  const client = new JwksClient({ url: `${origin}/.well-known/jwks.json`, log: () => {} });
  try {
    await client.start();
    assert.ok(client.loaded);
    assert.ok(client.get(key.kid));
  } finally {
    client.close();
    await server.shutdown();
  }
});

Deno.test("httpGet: framings, caps and broken answers", async (t) => {
  const ok: [string, string, string][] = [
    ["Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "hello"],
    [
      "chunked, with an extension and a trailer",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nhel\r\n2\r\nlo\r\n0\r\nX-T: 1\r\n\r\n",
      "hello",
    ],
    ["until the connection closes", "HTTP/1.0 200 OK\r\n\r\nhello", "hello"],
    [
      "a 103 before the answer",
      "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
      "hello",
    ],
  ];
  for (const [name, answer, body] of ok) {
    await t.step(name, () =>
      withRawServer(answer, async (origin) => {
        const got = await httpGet(origin, { timeoutMs: 2000 });
        assert.equal(new TextDecoder().decode(got.body), body);
      }));
  }
  const big = "x".repeat(101);
  const bad: [string, string | Uint8Array, RegExp | typeof BodyTooLarge][] = [
    ["Content-Length over the cap", `HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n${big}`, BodyTooLarge],
    [
      "chunks over the cap",
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n${big}\r\n0\r\n\r\n`,
      BodyTooLarge,
    ],
    ["an unframed body over the cap", `HTTP/1.1 200 OK\r\n\r\n${big}`, BodyTooLarge],
    [
      "a body cut short",
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
      /closed before the end of the body/,
    ],
    ["not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", /not an HTTP\/1.x answer/],
    [
      "a head that never ends",
      `HTTP/1.1 200 OK\r\nX: ${"y".repeat(20_000)}`,
      /response head over 16384 bytes/,
    ],
    ["a bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", /invalid chunk size/],
    ["a bad Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", /invalid Content-Length/],
    ["nothing at all", "", /connection closed in the response head/],
  ];
  for (const [name, answer, expected] of bad) {
    await t.step(name, () =>
      withRawServer(answer, async (origin) => {
        await assert.rejects(httpGet(origin, { timeoutMs: 2000, maxBody: 100 }), expected);
      }));
  }
  await t.step(
    "a server that never answers: HttpTimeout after timeoutMs",
    () =>
      withRawServer(null, async (origin) => {
        await assert.rejects(httpGet(origin, { timeoutMs: 200 }), HttpTimeout);
      }),
  );
  await t.step("nobody listening: the OS's reason", async () => {
    const { listener, origin } = listenCoursePort();
    listener.close();
    await assert.rejects(httpGet(origin, { timeoutMs: 2000 }), /Connection refused/);
  });
});

Deno.test("httpGet over https: a certificate the system does not trust is refused, in one line", async () => {
  const tls = await makeTlsFixture();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(join(tls.dir, "cert.pem")),
    key: await Deno.readTextFile(join(tls.dir, "key.pem")),
    onListen() {},
  }, () => new Response("ok"));
  try {
    const url = `https://localhost:${server.addr.port}/`;
    await assert.rejects(httpGet(url, { timeoutMs: 2000 }), /certificate|issuer/i);
    const probe = await runCli(["healthcheck", "-url", url]);
    assert.equal(probe.code, 1);
    assert.match(probe.stderr, /^app healthcheck: https:\/\/localhost:\d+\/: .*(certificate|issuer)/i);
  } finally {
    await server.shutdown();
    await tls.cleanup();
  }
});
