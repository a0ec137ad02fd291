import assert from "node:assert/strict";
import { BodyTooLarge, MAX_HEAD, readResponse } from "../../../src/http/response_reader.ts";

const encoder = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A byte source giving `parts` one read each, then the end of the stream; `count` is its reads so far. */
function source(...parts: (string | Uint8Array)[]) {
  const queue = parts.map((part) => typeof part === "string" ? encoder.encode(part) : part);
  const read = () => {
    read.count++;
    return Promise.resolve(queue.shift() ?? null);
  };
  read.count = 0;
  return read;
}

/** The same bytes, one byte per read: every boundary (inside CRLF, inside a chunk size) is crossed. */
const byteByByte = (whole: string) =>
  source(...Array.from(encoder.encode(whole), (b) => new Uint8Array([b])));

/** An endless source repeating `part`; counts its reads. */
function endless(part: string) {
  const bytes = encoder.encode(part);
  let reads = 0;
  return { read: () => (reads++, Promise.resolve(bytes.slice())), reads: () => reads };
}

const read = (whole: string, maxBody = 1024, withBody = true) =>
  readResponse(source(whole), maxBody, withBody);

Deno.test("response reader: bodies framed by Content-Length, chunked encoding or the end of the stream", async (t) => {
  const cases: [string, string, number, string][] = [
    ["Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "hello"],
    [
      "Content-Length stops reading at its count",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhello",
      200,
      "he",
    ],
    ["Content-Length 0", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, ""],
    [
      "chunked, with an extension and trailers",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n",
      200,
      "hello!",
    ],
    [
      "chunked with upper-case hex sizes",
      `HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\nA\r\n${"x".repeat(10)}\r\n0\r\n\r\n`,
      200,
      "x".repeat(10),
    ],
    [
      "chunked wins over Content-Length (RFC 9112)",
      "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
      200,
      "ok",
    ],
    ["to the end of the stream", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil close", 200, "until close"],
    ["a status line without a reason", "HTTP/1.1 503\r\nContent-Length: 4\r\n\r\nbusy", 503, "busy"],
    [
      "interim 103 answers are skipped",
      "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
      200,
      "x",
    ],
    [
      "204 has no body whatever it says",
      "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello",
      204,
      "",
    ],
    ["304 has no body", "HTTP/1.1 304 Not Modified\r\n\r\n", 304, ""],
  ];
  for (const [name, whole, status, body] of cases) {
    await t.step(name, async () => {
      const answer = await read(whole);
      assert.equal(answer.status, status);
      assert.equal(text(answer.body), body);
    });
    await t.step(`${name}, one byte per read`, async () => {
      const answer = await readResponse(byteByByte(whole), 1024, true);
      assert.equal(answer.status, status);
      assert.equal(text(answer.body), body);
    });
  }
});

Deno.test("response reader: headers are parsed, trimmed and repeated ones kept", async () => {
  const answer = await read(
    "HTTP/1.1 200 OK\r\nContent-Type:  application/json \r\nSet-Cookie: a=1\r\nVary: a\r\nVary: b\r\nX-Empty:\r\nContent-Length: 2\r\n\r\n{}",
  );
  assert.equal(answer.headers.get("content-type"), "application/json");
  assert.equal(answer.headers.get("vary"), "a, b");
  assert.equal(answer.headers.get("x-empty"), "");
  assert.deepEqual(answer.headers.getSetCookie(), ["a=1"]);
});

Deno.test("response reader: without a body asked for, nothing after the head is read", async () => {
  const input = source("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n", "never read");
  const answer = await readResponse(input, 10, false);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.length, 0);
  assert.equal(input.count, 1, "the body's read never happened");
});

Deno.test("response reader: a stream that ends early is an error, never a short body", async (t) => {
  const cases: [string, string, RegExp][] = [
    ["nothing at all", "", /connection closed in the response head/],
    ["in the status line", "HTTP/1.1 20", /connection closed in the response head/],
    ["in the headers", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", /connection closed in the response head/],
    [
      "before Content-Length bytes",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
      /closed before the end of the body/,
    ],
    [
      "inside a chunk",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
      /closed before the end of the body/,
    ],
    [
      "before the last chunk",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n",
      /closed in the chunk size line/,
    ],
    [
      "in the trailers",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n",
      /closed in the trailer/,
    ],
    [
      "with bare LF line ends (never a complete head)",
      "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
      /closed in the response head/,
    ],
  ];
  for (const [name, whole, message] of cases) {
    await t.step(name, () => assert.rejects(read(whole), message));
  }
});

Deno.test("response reader: answers that are not well-formed HTTP/1.x are refused", async (t) => {
  const cases: [string, string, RegExp][] = [
    ["another protocol", "SSH-2.0-OpenSSH_9.6\r\n\r\n", /not an HTTP\/1\.x answer: "SSH-2.0/],
    ["HTTP/2 text", "HTTP/2 200\r\n\r\n", /not an HTTP\/1\.x answer/],
    ["a two-digit status", "HTTP/1.1 20 OK\r\n\r\n", /not an HTTP\/1\.x answer/],
    ["a four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", /not an HTTP\/1\.x answer/],
    [
      "a header without a colon",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      /malformed header line: "no colon here"/,
    ],
    ["a header with an empty name", "HTTP/1.1 200 OK\r\n: value\r\n\r\n", /malformed header line/],
    ["a folded header line", "HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\n\r\n", /malformed header line/],
    ["a space inside a header name", "HTTP/1.1 200 OK\r\nX A: 1\r\n\r\n", /malformed header line/],
    ["a NUL in a header value", "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", /malformed header line/],
    [
      "a negative Content-Length",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
      /invalid Content-Length "-1"/,
    ],
    [
      "Content-Length in exponent form",
      "HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n",
      /invalid Content-Length/,
    ],
    [
      "two Content-Lengths",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
      /invalid Content-Length "2, 2"/,
    ],
    [
      "an absurd Content-Length",
      `HTTP/1.1 200 OK\r\nContent-Length: ${"9".repeat(16)}\r\n\r\n`,
      /invalid Content-Length/,
    ],
    [
      "another transfer coding",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      /unsupported Transfer-Encoding gzip, chunked/,
    ],
    [
      "a chunk size that is not hex",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      /invalid chunk size "zz"/,
    ],
    [
      "a negative chunk size",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
      /invalid chunk size/,
    ],
    [
      "a chunk size of 9 hex digits",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000000\r\n",
      /invalid chunk size/,
    ],
    [
      "a chunk longer than its size",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n",
      /^Error: chunk longer than its size$/,
    ],
    [
      "a chunk that stops right after its data",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok",
      /closed before the end of the body/,
    ],
  ];
  for (const [name, whole, message] of cases) {
    await t.step(name, () => assert.rejects(read(whole), message));
  }
});

Deno.test("response reader: bodies over the cap are refused as BodyTooLarge, at the cap accepted", async (t) => {
  const chunked = (sizes: number[]) =>
    `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${
      sizes.map((size) => `${size.toString(16)}\r\n${"x".repeat(size)}\r\n`).join("")
    }0\r\n\r\n`;
  const framings: [string, (length: number) => string][] = [
    ["Content-Length", (n) => `HTTP/1.1 200 OK\r\nContent-Length: ${n}\r\n\r\n${"x".repeat(n)}`],
    ["chunked, in one chunk", (n) => chunked([n])],
    ["chunked, in many small chunks", (n) => chunked([...Array(n >> 3).fill(8), n & 7].filter((s) => s > 0))],
    ["close-delimited", (n) => `HTTP/1.1 200 OK\r\n\r\n${"x".repeat(n)}`],
  ];
  for (const [name, answer] of framings) {
    await t.step(`${name}: exactly the cap`, async () => {
      assert.equal((await read(answer(100), 100)).body.length, 100);
    });
    await t.step(`${name}: one byte over`, () => assert.rejects(read(answer(101), 100), BodyTooLarge));
  }
  await t.step("a huge Content-Length is refused before any body byte is read", async () => {
    const input = source("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n", "x");
    await assert.rejects(readResponse(input, 100, true), BodyTooLarge);
    assert.equal(input.count, 1);
  });
  await t.step("an endless close-delimited body stops at the cap", async () => {
    const input = endless("x".repeat(1000));
    const head = encoder.encode("HTTP/1.1 200 OK\r\n\r\n");
    let first = true;
    const read = () => first ? (first = false, Promise.resolve(head)) : input.read();
    await assert.rejects(readResponse(read, 64 * 1024, true), BodyTooLarge);
    assert.ok(input.reads() <= 70, `${input.reads()} reads of 1000 bytes for a 64 KiB cap`);
  });
  await t.step("an endless chunked body stops at the cap", async () => {
    const input = endless("10\r\nxxxxxxxxxxxxxxxx\r\n");
    const head = encoder.encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    let first = true;
    const read = () => first ? (first = false, Promise.resolve(head)) : input.read();
    await assert.rejects(readResponse(read, 1024, true), BodyTooLarge);
  });
});

Deno.test("response reader: heads over 16 KiB are refused, however they are spread", async (t) => {
  await t.step("one endless status line, read no further than the cap", async () => {
    const input = endless("a".repeat(1000));
    await assert.rejects(
      readResponse(input.read, 10, true),
      new RegExp(`response head over ${MAX_HEAD} bytes`),
    );
    assert.ok(input.reads() <= MAX_HEAD / 1000 + 2, `${input.reads()} reads`);
  });
  await t.step(
    "one huge header line",
    () =>
      assert.rejects(read(`HTTP/1.1 200 OK\r\nX-Big: ${"a".repeat(MAX_HEAD)}\r\n\r\n`), /response head over/),
  );
  await t.step(
    "many small header lines",
    () =>
      assert.rejects(
        read(`HTTP/1.1 200 OK\r\n${"X-A: 1\r\n".repeat(MAX_HEAD / 8 + 1)}\r\n`),
        /response head over/,
      ),
  );
  await t.step("an endless stream of header lines", async () => {
    const input = endless("X-A: 1\r\n");
    const head = encoder.encode("HTTP/1.1 200 OK\r\n");
    let first = true;
    const read = () => first ? (first = false, Promise.resolve(head)) : input.read();
    await assert.rejects(readResponse(read, 10, true), /response head over/);
  });
  await t.step("a head just under the cap is fine", async () => {
    const status = "HTTP/1.1 200 OK\r\n";
    const filler = MAX_HEAD - status.length - "X-Pad: \r\n".length - 2;
    const answer = await read(`${status}X-Pad: ${"p".repeat(filler)}\r\n\r\n`);
    assert.equal(answer.headers.get("x-pad")?.length, filler);
  });
  await t.step("an endless series of 1xx answers counts against the same cap", async () => {
    const input = endless("HTTP/1.1 103 Early Hints\r\n\r\n");
    await assert.rejects(readResponse(input.read, 10, true), /response head over/);
  });
  await t.step("a chunk size line over 1 KiB", () =>
    assert.rejects(
      read(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${"e".repeat(2000)}\r\nx\r\n0\r\n\r\n`),
      /chunk size line over 1024 bytes/,
    ));
  await t.step("endless trailers", () =>
    assert.rejects(
      read(
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: ${"t".repeat(MAX_HEAD + 10)}\r\n\r\n`,
      ),
      /trailer over/,
    ));
});
