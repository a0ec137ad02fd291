import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { curl } from "../../support/tls_fixture.ts";
import { needs } from "../../../scripts/lib/tools.ts";
import { until } from "../../../scripts/lib/wait.ts";

const encoder = new TextEncoder();
const portOf = (url: string) => Number(new URL(url).port);

/** Sends `head` (and `body`), reads the answer's head; the connection stays open. */
async function answered(
  port: number,
  head: string,
  body = "",
): Promise<{ conn: Deno.TcpConn; head: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(head + body));
  const buffer = new Uint8Array(4096);
  let text = "";
  const timer = setTimeout(() => conn.close(), 5_000);
  while (!text.includes("\r\n\r\n")) {
    const n = await conn.read(buffer);
    if (n === null) break;
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  clearTimeout(timer);
  return { conn, head: text.split("\r\n\r\n")[0] };
}

Deno.test("bodies: an answered request whose body never finishes does not hold the shutdown", async () => {
  const app = await startApp("monolith", ["-shutdown-timeout", "10s"]);
  const { conn, head } = await answered(
    portOf(app.url),
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n",
    "ab",
  );
  assert.match(head, /^HTTP\/1\.1 200/);
  assert.match(head, /\r\nconnection: close/i, "an unread body must not keep the connection");
  const signalled = performance.now();
  app.child.kill("SIGTERM");
  const status = await app.status;
  const took = performance.now() - signalled;
  try {
    conn.close();
  } catch {
    // closed by the server
  }
  assert.equal(status.code, 0, app.stderr());
  assert.ok(took < 3_000, `exit took ${took.toFixed(0)} ms after SIGTERM (the timeout is 10 s)`);
});

Deno.test("bodies: a 10 GB body still being sent does not hold the shutdown either", async () => {
  const app = await startApp("auth", ["-shutdown-timeout", "10s"]);
  const { conn, head } = await answered(
    portOf(app.url),
    "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000000\r\n\r\n",
  );
  assert.match(head, /^HTTP\/1\.1 401/);
  assert.match(head, /\r\nconnection: close/i);
  let pumping = true;
  let sent = 0;
  const chunk = new Uint8Array(65_536);
  const pump = (async () => {
    while (pumping) sent += await conn.write(chunk);
  })().catch(() => {});
  // The signal comes while the body is flowing: 1 MiB of it has been taken by the server.
  await until("1 MiB of the body to be sent", () => sent >= 1 << 20);
  const signalled = performance.now();
  app.child.kill("SIGTERM");
  const status = await app.status;
  const took = performance.now() - signalled;
  pumping = false;
  try {
    conn.close();
  } catch {
    // closed by the server
  }
  await pump;
  assert.equal(status.code, 0, app.stderr());
  assert.ok(took < 3_000, `exit took ${took.toFixed(0)} ms after SIGTERM with a body still coming`);
});

Deno.test("bodies: unwanted bodies (chunked GET /login, POST /) are answered with Connection: close", async () => {
  const app = await startApp("monolith");
  try {
    const port = portOf(app.url);
    const chunked = await answered(
      port,
      "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n",
      "5\r\nhello\r\n",
    );
    assert.match(chunked.head, /^HTTP\/1\.1 401/);
    assert.match(chunked.head, /\r\nconnection: close/i);
    chunked.conn.close();
    const post = await answered(
      port,
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\n",
      "abc",
    );
    assert.match(post.head, /^HTTP\/1\.1 405/);
    assert.match(post.head, /\r\nconnection: close/i);
    post.conn.close();
    // Without a body, keep-alive stays.
    const plain = await answered(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert.doesNotMatch(plain.head, /\r\nconnection: close/i);
    plain.conn.close();
  } finally {
    await app.stop();
  }
});

Deno.test(
  "http/2 with prior knowledge on the plain port is refused with 400, as Go does",
  needs("curl"),
  async () => {
    const app = await startApp("hello");
    try {
      const h2 = await curl([
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{http_version}",
        "--http2-prior-knowledge",
        `${app.url}/`,
      ]);
      assert.equal(h2.stdout, "400 2", h2.stderr);
      const h2health = await curl([
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--http2-prior-knowledge",
        `${app.healthUrl}/healthz`,
      ]);
      assert.equal(h2health.stdout, "400");
      // HTTP/1.0 without Host is refused as well: a handler cannot see the version
      // (tests/e2e/protocol_edge_test.ts).
      const noHost = await curl([
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--http1.0",
        "-H",
        "Host:",
        `${app.url}/`,
      ]);
      assert.equal(noHost.stdout, "400");
      const h1 = await curl(["-s", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", `${app.url}/`]);
      assert.equal(h1.stdout, "200 1.1");
    } finally {
      await app.stop();
    }
    assert.doesNotMatch(app.stderr(), /recv_reset|GOAWAY|h2/i, "raw HTTP/2 errors on stderr");
    // Both refusals are in the access log (the health port keeps no access log).
    assert.equal(app.stdout().split("\n").filter((l) => / 400 /.test(l)).length, 2, app.stdout());
  },
);
