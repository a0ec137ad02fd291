/**
 * Reads one HTTP/1.1 response from a byte stream: the status line and headers (at most
 * {@link MAX_HEAD} bytes), then a body framed by `Transfer-Encoding: chunked`, `Content-Length`
 * or the end of the connection, never more than a cap.
 * @module
 */

/** Most bytes the status lines and headers of an answer may take, interim 1xx answers included. */
export const MAX_HEAD = 16 * 1024;

/** The answer's status, headers and (unless not asked for) body. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** A body longer than the caller's cap. */
export class BodyTooLarge extends Error {}

const CRLF = new Uint8Array([13, 10]);
const latin1 = new TextDecoder("latin1");

/** Buffered reads of a byte source: lines, exact lengths, the rest. */
class Buffered {
  #buffer = new Uint8Array(0);
  #ended = false;
  constructor(private readonly read: () => Promise<Uint8Array | null>) {}

  async #more(): Promise<boolean> {
    if (this.#ended) return false;
    const chunk = await this.read();
    if (chunk === null) return !(this.#ended = true);
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    this.#buffer = joined;
    return true;
  }

  #take(length: number): Uint8Array {
    const taken = this.#buffer.slice(0, length);
    this.#buffer = this.#buffer.slice(length);
    return taken;
  }

  /** The bytes up to `\r\n` (dropped), at most `limit` of them (errors name `what` and its `cap`). */
  async line(limit: number, what: string, cap = limit): Promise<string> {
    for (let from = 0;;) {
      const at = indexOf(this.#buffer, CRLF, from);
      if (at >= 0 && at <= limit) return latin1.decode(this.#take(at + 2).subarray(0, at));
      if (this.#buffer.length > limit + 1) throw new Error(`${what} over ${cap} bytes`);
      from = Math.max(0, this.#buffer.length - 1);
      if (!await this.#more()) throw new Error(`connection closed in the ${what}`);
    }
  }

  /** Exactly `length` bytes. */
  async exactly(length: number): Promise<Uint8Array> {
    while (this.#buffer.length < length) {
      if (!await this.#more()) throw new Error("connection closed before the end of the body");
    }
    return this.#take(length);
  }

  /** Everything up to the end of the stream; throws {@link BodyTooLarge} past `limit`. */
  async rest(limit: number): Promise<Uint8Array> {
    do {
      if (this.#buffer.length > limit) throw new BodyTooLarge(`over ${limit} bytes`);
    } while (await this.#more());
    return this.#take(this.#buffer.length);
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Reads a response to a GET; `maxBody` bytes at most, no body read at all when `withBody` is false. */
export async function readResponse(
  read: () => Promise<Uint8Array | null>,
  maxBody: number,
  withBody: boolean,
): Promise<HttpAnswer> {
  const input = new Buffered(read);
  let status: number;
  let headers: Headers;
  // 1xx answers (103 Early Hints) come before the real one; all heads share one cap, so an
  // endless series of them is refused rather than read until the caller's timeout.
  let budget = MAX_HEAD;
  do {
    [status, headers, budget] = await readHead(input, budget);
  } while (status >= 100 && status < 200);
  if (!withBody || status === 204 || status === 304) return { status, headers, body: new Uint8Array(0) };
  return { status, headers, body: await readBody(input, headers, maxBody) };
}

async function readHead(input: Buffered, budget: number): Promise<[number, Headers, number]> {
  const statusLine = await input.line(budget, "response head", MAX_HEAD);
  const match = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.x answer: ${JSON.stringify(statusLine.slice(0, 40))}`);
  budget -= statusLine.length + 2;
  const headers = new Headers();
  for (;;) {
    const line = await input.line(budget, "response head", MAX_HEAD);
    budget -= line.length + 2;
    if (line === "") return [Number(match[1]), headers, budget];
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line.slice(0, 40))}`);
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      throw new Error(`malformed header line: ${JSON.stringify(line.slice(0, 40))}`);
    }
  }
}

async function readBody(input: Buffered, headers: Headers, maxBody: number): Promise<Uint8Array> {
  const encoding = headers.get("transfer-encoding");
  if (encoding !== null) {
    if (encoding.toLowerCase() !== "chunked") throw new Error(`unsupported Transfer-Encoding ${encoding}`);
    return await readChunked(input, maxBody);
  }
  const length = headers.get("content-length");
  if (length === null) return await input.rest(maxBody);
  if (!/^\d{1,15}$/.test(length)) throw new Error(`invalid Content-Length ${JSON.stringify(length)}`);
  if (Number(length) > maxBody) throw new BodyTooLarge(`over ${maxBody} bytes`);
  return await input.exactly(Number(length));
}

async function readChunked(input: Buffered, maxBody: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const sizeLine = await input.line(1024, "chunk size line");
    const match = /^([0-9a-fA-F]{1,8})(?:[ \t]*;.*)?$/.exec(sizeLine);
    if (!match) throw new Error(`invalid chunk size ${JSON.stringify(sizeLine.slice(0, 20))}`);
    const size = parseInt(match[1], 16);
    if (size === 0) break;
    total += size;
    if (total > maxBody) throw new BodyTooLarge(`over ${maxBody} bytes`);
    parts.push(await input.exactly(size));
    const end = await input.exactly(2);
    if (end[0] !== 13 || end[1] !== 10) throw new Error("chunk longer than its size");
  }
  while ((await input.line(MAX_HEAD, "trailer")) !== ""); // trailers: ignored
  const body = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) body.set(part, (offset += part.length) - part.length);
  return body;
}
