/**
 * A pipelining load: connections that each write many requests back to back without waiting for
 * answers, then count the answers. Bounded by count, never by time.
 * @module
 */

const encoder = new TextEncoder();
const STATUS_LINE = encoder.encode("HTTP/1.1 ");

/** Counts the status lines in `bytes` up to `end` (a status line starts every answer). */
function countStatusLines(bytes: Uint8Array, end: number): number {
  let count = 0;
  outer: for (let i = 0; i + STATUS_LINE.length <= end; i++) {
    for (let j = 0; j < STATUS_LINE.length; j++) if (bytes[i + j] !== STATUS_LINE[j]) continue outer;
    count++;
    i += STATUS_LINE.length - 1;
  }
  return count;
}

/**
 * Opens `connections` connections to `127.0.0.1:port`; each writes `perConnection` requests
 * `GET path` back to back (in batches of `batch`), reads until every answer has arrived and
 * closes. Resolves the number of answers received (fewer if the server closed a connection early
 * or `timeoutMs` passed: then the connections are closed). Bodies must not contain `HTTP/1.1 `.
 */
export async function pipeline(
  port: number,
  path: string,
  connections: number,
  perConnection: number,
  batch = 500,
  timeoutMs = 60_000,
): Promise<number> {
  const one = encoder.encode(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  const chunk = new Uint8Array(one.length * batch);
  for (let i = 0; i < batch; i++) chunk.set(one, i * one.length);
  const run = async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const timer = setTimeout(() => conn.close(), timeoutMs);
    const writing = (async () => {
      for (let sent = 0; sent < perConnection; sent += batch) {
        const bytes = chunk.subarray(0, one.length * Math.min(batch, perConnection - sent));
        for (let offset = 0; offset < bytes.length;) offset += await conn.write(bytes.subarray(offset));
      }
    })();
    // A status line split across two reads: keep the last few bytes of each read.
    const buffer = new Uint8Array(65_536 + STATUS_LINE.length);
    let carry = 0;
    let answers = 0;
    while (answers < perConnection) {
      const n = await conn.read(buffer.subarray(carry)).catch(() => null);
      if (n === null) break;
      const end = carry + n;
      answers += countStatusLines(buffer, end);
      carry = Math.min(STATUS_LINE.length - 1, end);
      buffer.copyWithin(0, end - carry, end);
    }
    clearTimeout(timer);
    await writing.catch(() => {}); // a connection closed early shows as answers missing
    try {
      conn.close();
    } catch {
      // closed by the timer
    }
    return answers;
  };
  const counts = await Promise.all(Array.from({ length: connections }, run));
  return counts.reduce((a, b) => a + b, 0);
}
