/**
 * A raw HTTP/1.1 client for requests `fetch` will not send as written: duplicate headers,
 * non-UTF-8 bytes, dot segments, odd methods, oversized request lines and headers.
 * @module
 */

/** A parsed answer. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: string;
}

const encoder = new TextEncoder();

/**
 * Builds a request. `headers` are written in order and exactly as given (names may repeat;
 * values are Latin-1 strings, so `\xff` is the byte 0xFF). `Connection: close` is added.
 */
export function rawRequest(
  method: string,
  target: string,
  headers: readonly [string, string][] = [],
  body = "",
): Uint8Array {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1", ...headers.map(([n, v]) => `${n}: ${v}`)];
  if (body !== "") lines.push(`Content-Length: ${encoder.encode(body).length}`);
  lines.push("Connection: close", "", body);
  return latin1(lines.join("\r\n"));
}

/** Encodes each UTF-16 code unit of `text` (all below 256) as one byte. */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function parse(bytes: Uint8Array, head: boolean): RawResponse | undefined {
  const text = new TextDecoder().decode(bytes);
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = text.slice(0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const body = text.slice(end + 4);
  const length = head ? 0 : Number(headers.get("content-length") ?? NaN);
  if (Number.isFinite(length)) {
    if (encoder.encode(body).length < length) return undefined;
    return { status, headers, body };
  }
  return undefined; // no length: read to the end of the connection
}

/**
 * Sends `request` to `127.0.0.1:port` and reads the answer. Rejects if nothing complete
 * arrives within `timeoutMs` (a hang is a failure, not a pass).
 */
export async function sendRaw(port: number, request: Uint8Array, timeoutMs = 5_000): Promise<RawResponse> {
  const head = new TextDecoder().decode(request.subarray(0, 5)) === "HEAD ";
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), timeoutMs);
  const chunks: Uint8Array[] = [];
  try {
    const writing = (async () => {
      let offset = 0;
      while (offset < request.length) offset += await conn.write(request.subarray(offset));
    })().catch(() => {}); // the server may answer and close before reading everything
    const buffer = new Uint8Array(65_536);
    while (true) {
      const parsed = parse(concat(chunks), head);
      if (parsed) {
        await Promise.race([writing, new Promise((resolve) => setTimeout(resolve, 50))]);
        return parsed;
      }
      let n: number | null;
      try {
        n = await conn.read(buffer);
      } catch (error) {
        if (chunks.length > 0 && error instanceof Deno.errors.ConnectionReset) n = null;
        else throw error;
      }
      if (n === null) {
        const text = new TextDecoder().decode(concat(chunks));
        const end = text.indexOf("\r\n\r\n");
        if (end < 0) throw new Error(`connection closed without an answer: ${JSON.stringify(text)}`);
        const answer = parse(concat([...chunks, encoder.encode("")]), true)!;
        return { ...answer, body: text.slice(end + 4) };
      }
      chunks.push(buffer.slice(0, n));
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // closed by the timer
    }
  }
}
