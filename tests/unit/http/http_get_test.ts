import assert from "node:assert/strict";
import { BodyTooLarge, httpGet, type HttpGetOptions, HttpTimeout } from "../../../src/http/http_get.ts";

const encoder = new TextEncoder();

interface FakeOptions {
  /** Bytes the peer answers, one read each. */
  answer?: string[];
  /** Bytes accepted per write (a slow peer takes a few at a time). */
  writeStep?: number;
  /** Reads never complete until the connection is closed. */
  stall?: boolean;
}

/** An in-memory connection: records what is written and whether it was closed. */
function fakeConn({ answer = [], writeStep = Infinity, stall = false }: FakeOptions) {
  const queue = answer.map((part) => encoder.encode(part));
  const sent: number[] = [];
  let closed = false;
  let wake: ((error: Error) => void) | undefined;
  const conn = {
    write(bytes: Uint8Array) {
      const n = Math.min(writeStep, bytes.length);
      sent.push(...bytes.subarray(0, n));
      return Promise.resolve(n);
    },
    read(buffer: Uint8Array) {
      if (closed) return Promise.reject(new Deno.errors.BadResource("closed"));
      if (stall) return new Promise<number | null>((_, reject) => wake = reject);
      const chunk = queue.shift();
      if (chunk === undefined) return Promise.resolve(null);
      buffer.set(chunk);
      return Promise.resolve(chunk.length);
    },
    close() {
      if (closed) throw new Deno.errors.BadResource("closed twice");
      closed = true;
      wake?.(new Deno.errors.BadResource("closed"));
    },
  };
  return {
    conn: conn as unknown as Deno.Conn,
    sent: () => new TextDecoder().decode(new Uint8Array(sent)),
    closed: () => closed,
  };
}

/** httpGet over `fake`, recording the address it was asked to connect to. */
function getVia(fake: ReturnType<typeof fakeConn>, url: string, options: Partial<HttpGetOptions> = {}) {
  const opened: { hostname: string; port: number; tls: boolean }[] = [];
  const answer = httpGet(url, {
    timeoutMs: 2000,
    connect: (address, tls) => (opened.push({ ...address, tls }), Promise.resolve(fake.conn)),
    ...options,
  });
  return { answer, opened };
}

const OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

Deno.test("httpGet: connects where the URL says, defaults ports, unwraps IPv6 literals", async (t) => {
  const cases: [string, { hostname: string; port: number; tls: boolean }][] = [
    ["http://127.0.0.1:10080/readiness", { hostname: "127.0.0.1", port: 10080, tls: false }],
    ["http://localhost/x", { hostname: "localhost", port: 80, tls: false }],
    ["https://auth.test/jwks", { hostname: "auth.test", port: 443, tls: true }],
    ["https://auth.test:8443/jwks", { hostname: "auth.test", port: 8443, tls: true }],
    ["http://[::1]:10091/readiness", { hostname: "::1", port: 10091, tls: false }],
  ];
  for (const [url, address] of cases) {
    await t.step(url, async () => {
      const fake = fakeConn({ answer: [OK] });
      const { answer, opened } = getVia(fake, url);
      assert.equal(new TextDecoder().decode((await answer).body), "ok");
      assert.deepEqual(opened, [address]);
      assert.ok(fake.closed(), "the connection is closed after the answer");
    });
  }
});

Deno.test("httpGet: sends one complete GET, even to a peer taking a byte at a time", async (t) => {
  const cases: [string, string, Record<string, string>, string][] = [
    [
      "path, query and extra headers; the fragment stays here",
      "http://[::1]:8080/a/b?q=1&r=2#frag",
      { Accept: "application/json" },
      "GET /a/b?q=1&r=2 HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\nAccept: application/json\r\n\r\n",
    ],
    [
      "no path",
      "http://example.test",
      {},
      "GET / HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n",
    ],
    [
      "characters a request line cannot carry are percent-encoded",
      'http://h.test/a b"<>',
      {},
      "GET /a%20b%22%3C%3E HTTP/1.1\r\nHost: h.test\r\nConnection: close\r\n\r\n",
    ],
  ];
  for (const [name, url, headers, request] of cases) {
    await t.step(name, async () => {
      const fake = fakeConn({ answer: [OK], writeStep: 1 });
      await getVia(fake, url, { headers }).answer;
      assert.equal(fake.sent(), request);
    });
  }
});

Deno.test("httpGet: only http and https URLs, refused before any connection", async (t) => {
  for (const url of ["ftp://h.test/x", "file:///etc/passwd", "data:text/plain,x", "ws://h.test/"]) {
    await t.step(url, async () => {
      const fake = fakeConn({ answer: [OK] });
      const { answer, opened } = getVia(fake, url);
      await assert.rejects(answer, /unsupported URL scheme/);
      assert.deepEqual(opened, []);
    });
  }
  await t.step("not a URL at all", () => assert.rejects(httpGet("not a url", { timeoutMs: 10 }), TypeError));
});

Deno.test("httpGet: passes the body cap and withBody on to the reader", async () => {
  const big = fakeConn({ answer: ["HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", "x".repeat(101)] });
  await assert.rejects(getVia(big, "http://h.test/", { maxBody: 100 }).answer, BodyTooLarge);
  assert.ok(big.closed(), "closed after a refused answer too");
  const headOnly = fakeConn({ answer: ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"] });
  const answer = await getVia(headOnly, "http://h.test/", { withBody: false }).answer;
  assert.equal(answer.body.length, 0);
});

Deno.test("httpGet: the timeout covers the whole exchange and leaks no connection", async (t) => {
  await t.step("a peer that accepts but never answers: HttpTimeout, connection closed", async () => {
    const fake = fakeConn({ stall: true });
    await assert.rejects(getVia(fake, "http://h.test/", { timeoutMs: 20 }).answer, HttpTimeout);
    assert.ok(fake.closed());
  });
  await t.step("a connection that never opens: HttpTimeout", async () => {
    const answer = httpGet("http://h.test/", { timeoutMs: 20, connect: () => new Promise(() => {}) });
    await assert.rejects(answer, /no answer within 20 ms/);
  });
  await t.step("a connection that opens after the timeout is closed at once", async () => {
    const fake = fakeConn({ answer: [OK] });
    let open!: (conn: Deno.Conn) => void;
    const answer = httpGet("http://h.test/", {
      timeoutMs: 20,
      connect: () => new Promise((resolve) => open = resolve),
    });
    await assert.rejects(answer, HttpTimeout);
    open(fake.conn);
    await Promise.resolve(); // the late connection's handler runs on the next microtask
    assert.ok(fake.closed());
  });
  await t.step("a connection error is passed on as it is", async () => {
    const answer = httpGet("http://h.test/", {
      timeoutMs: 2000,
      connect: () => Promise.reject(new Deno.errors.ConnectionRefused("Connection refused (os error 111)")),
    });
    await assert.rejects(answer, Deno.errors.ConnectionRefused);
  });
});
