/**
 * Requests at the edge of HTTP/1.x, written byte for byte to the socket: a missing `Host`, an
 * answer marked `Connection: close`, and requests Deno's own parser rejects.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "../../scripts/lib/app_process.ts";
import { latin1, sendRaw } from "../support/raw_http.ts";

const portOf = (app: AppProcess) => Number(new URL(app.url).port);

/** The requests `app_http_requests_total` has counted, over every series. */
async function counted(app: AppProcess): Promise<number> {
  const text = await (await fetch(`${app.healthUrl}/metrics`)).text();
  let total = 0;
  for (const [, value] of text.matchAll(/^app_http_requests_total\{[^}]*\} (\d+)$/gm)) total += Number(value);
  return total;
}

/** Sends a request with a fresh marker path and waits for its access-log line; returns the lines before it. */
async function linesBeforeMarker(app: AppProcess, since: number): Promise<string[]> {
  const marker = `/marker-${crypto.randomUUID()}`;
  await (await fetch(`${app.url}${marker}`)).body?.cancel();
  await app.waitFor("stdout", marker, 5_000);
  const lines = app.stdout().slice(since).split("\n");
  return lines.slice(0, lines.findIndex((line) => line.includes(marker)));
}

Deno.test("a request without Host gets 400 from our handler (RFC 9112 §3.2); with Host, even empty, it is served", async (t) => {
  const app = await startApp("hello");
  const port = portOf(app);
  try {
    const cases: [string, string, number][] = [
      ["HTTP/1.1 without Host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400],
      // Deno 2.9.6 does not tell a handler the protocol version: HTTP/1.0 is refused too (Go serves it).
      ["HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 400],
      ["HTTP/1.1 with Host", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 200],
      ["HTTP/1.0 with Host", "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 200],
      ["HTTP/1.1 with an empty Host", "GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n", 200],
    ];
    for (const [name, request, status] of cases) {
      await t.step(name, async () => {
        const before = app.stdout().length;
        const answer = await sendRaw(port, latin1(request));
        assert.equal(answer.status, status);
        if (status === 400) assert.equal(answer.body, "400 Bad Request: missing required Host header");
        assert.ok(answer.headers.get("x-request-id"), "our handler answered: it has an id");
        const logged = await linesBeforeMarker(app, before);
        assert.equal(logged.length, 1, logged.join("\n"));
        assert.match(logged[0], new RegExp(` ${status} .* ${answer.headers.get("x-request-id")}$`));
      });
    }
  } finally {
    await app.stop();
  }
});

Deno.test("an answer marked Connection: close leaves the connection open in Deno 2.9.6: the next request on it is served", async () => {
  const app = await startApp("hello");
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: portOf(app) });
    // A body the handler does not read gets `Connection: close`; the client sends another request anyway.
    await conn.write(latin1(
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc" +
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ));
    const timer = setTimeout(() => conn.close(), 5_000);
    let text = "";
    const buffer = new Uint8Array(16_384);
    while ((text.match(/^HTTP\/1\.1 /gm) ?? []).length < 2) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
    clearTimeout(timer);
    conn.close();
    const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((match) => Number(match[1]));
    assert.deepEqual(statuses, [405, 200], text);
    assert.match(text.split("\r\n\r\n")[0], /\r\nconnection: close/i, "the first answer says close");
  } finally {
    await app.stop();
  }
});

Deno.test("requests Deno's parser rejects get its bare 400: no request id, no access-log line, not in the metrics", async (t) => {
  const app = await startApp("hello");
  const port = portOf(app);
  try {
    const cases: [string, string][] = [
      ["HTTP/1.2", "GET / HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n"],
      ["a 100 KB URL", `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
      ["NUL in a header", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd: a\0b\r\n\r\n"],
    ];
    for (const [name, request] of cases) {
      await t.step(name, async () => {
        const before = app.stdout().length;
        const requests = await counted(app);
        const answer = await sendRaw(port, latin1(request));
        assert.equal(answer.status, 400);
        assert.equal(answer.headers.get("x-request-id"), null);
        assert.deepEqual(await linesBeforeMarker(app, before), [], "no access-log line");
        assert.equal(await counted(app), requests + 1, "only the marker request is counted");
      });
    }
  } finally {
    await app.stop();
  }
});
