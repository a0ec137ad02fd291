/**
 * What goes over the wire, read from the socket: header names and HEAD's Content-Length.
 */
import { basicAuth } from "../support/credentials.ts";
import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { waitForStatus } from "../support/load.ts";

/** Sends `request` and returns the raw answer's head (status line and header lines) and body. */
async function exchange(port: number, request: string): Promise<{ head: string[]; body: string }> {
  const connection = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await connection.write(new TextEncoder().encode(request));
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(16_384);
    for (;;) {
      const read = await connection.read(buffer);
      if (read === null) break;
      chunks.push(buffer.slice(0, read));
    }
    const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((chunk) => [...chunk])));
    const end = text.indexOf("\r\n\r\n");
    return { head: text.slice(0, end).split("\r\n"), body: text.slice(end + 4) };
  } finally {
    connection.close();
  }
}

const request = (method: string, path: string, headers: string[] = []) =>
  [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", ...headers, "Connection: close", "", ""].join("\r\n");

Deno.test("HEAD sends GET's Content-Length and no body (RFC 9110 §8.6)", async (t) => {
  const app = await startApp("monolith");
  try {
    const port = Number(new URL(app.url).port);
    for (const path of ["/", "/version", "/secure", "/missing"]) {
      await t.step(path, async () => {
        const get = await exchange(port, request("GET", path));
        const head = await exchange(port, request("HEAD", path));
        const length = (lines: string[]) =>
          lines.find((line) => /^content-length:/i.test(line))?.split(":")[1].trim();
        assert.equal(head.head[0], get.head[0], "same status");
        assert.equal(length(head.head), String(new TextEncoder().encode(get.body).length));
        assert.equal(head.body, "");
      });
    }
  } finally {
    await app.stop();
  }
});

Deno.test("every response spells its header names one way: lower case", async (t) => {
  // One failed login, then the limiter answers: the 429 is in the table too.
  const app = await startApp("monolith", ["-drain", "10s", "-login-failures", "1"]);
  const port = Number(new URL(app.url).port);
  const basic = (credentials: string) => `Authorization: ${basicAuth(credentials)}`;
  const cases: [string, string, string[]][] = [
    ["200 JSON", "/", []],
    ["200 login", "/login", [basic("user:password")]],
    ["401 login", "/login", [basic("user:wrong")]],
    ["429 login", "/login", [basic("user:wrong")]],
    ["401 secure", "/secure", []],
    ["404", "/missing", []],
    ["405", "/", []],
  ];
  try {
    for (const [name, path, headers] of cases) {
      await t.step(name, async () => {
        const method = name === "405" ? "POST" : "GET";
        const { head } = await exchange(port, request(method, path, headers));
        assert.match(head[0], new RegExp(`^HTTP/1\\.1 ${name.slice(0, 3)} `));
        const names = head.slice(1).map((line) => line.slice(0, line.indexOf(":")));
        assert.ok(names.length >= 2, head.join("\n"));
        assert.deepEqual(names.filter((header) => header !== header.toLowerCase()), [], head.join("\n"));
      });
    }
    await t.step("while draining (connection: close added)", async () => {
      app.child.kill("SIGTERM");
      // Readiness turns 503 in the same step as the drain begins: from then on answers say close.
      await waitForStatus(`${app.healthUrl}/readiness`, 503);
      const { head } = await exchange(port, request("GET", "/"));
      assert.ok(head.includes("connection: close"), head.join("\n"));
      const names = head.slice(1).map((line) => line.slice(0, line.indexOf(":")));
      assert.deepEqual(names.filter((header) => header !== header.toLowerCase()), []);
    });
  } finally {
    await app.stop();
  }
});
