/**
 * Two logs: Go-`log`-style lines on stderr for lifecycle events, and one access-log line per
 * request on stdout, buffered and written without blocking the request path.
 * @module
 */

const encoder = new TextEncoder();

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats a time the way Go's `log` package prefixes lines: `2006/01/02 15:04:05`. */
function goLogTime(date: Date): string {
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Writes one lifecycle line to stderr, Go style. */
export function logLine(message: string): void {
  Deno.stderr.writeSync(encoder.encode(`${goLogTime(new Date())} ${message}\n`));
}

/** A sink for access-log text. */
export type Write = (bytes: Uint8Array) => Promise<unknown>;

/** Fields of one access-log line. */
export interface AccessEntry {
  remote: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userAgent: string | null;
}

let cachedSecond = -1;
let cachedStamp = "";

function stamp(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedStamp = new Date(second * 1000).toUTCString().replace("GMT", "UTC");
  }
  return cachedStamp;
}

/** Formats an access-log line: the Go original's fields plus status and duration. */
export function formatAccess(entry: AccessEntry, nowMs = Date.now()): string {
  const path = entry.path.length > 2048 ? `${entry.path.slice(0, 2048)}...` : entry.path;
  const agent = entry.userAgent === null ? "-" : JSON.stringify(entry.userAgent.slice(0, 256));
  return `${entry.remote} - - [${stamp(nowMs)}] ${JSON.stringify(`${entry.method} ${path} HTTP/1.1`)} ` +
    `${entry.status} ${entry.durationMs.toFixed(3)}ms ${agent}\n`;
}

/** Options for {@link AccessLog}. */
export interface AccessLogOptions {
  /** Where the bytes go; stdout by default. */
  write?: Write;
  /** Longest a line waits before it is written, in milliseconds. */
  flushMs?: number;
  /** Buffered characters that trigger an immediate write. */
  maxBuffered?: number;
}

/**
 * Collects lines and writes them in batches: at most every `flushMs` (50 ms) or whenever 64 KiB
 * are waiting, so that under load a write to stdout costs one op per thousands of requests, and
 * logging never waits on the terminal or pipe inside a request. `flush()` writes the rest.
 */
export class AccessLog {
  #buffer: string[] = [];
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<unknown> = Promise.resolve();
  #write: Write;
  #flushMs: number;
  #maxBuffered: number;

  constructor(options: AccessLogOptions = {}) {
    this.#write = options.write ?? ((bytes) => Deno.stdout.write(bytes));
    this.#flushMs = options.flushMs ?? 50;
    this.#maxBuffered = options.maxBuffered ?? 65_536;
  }

  /** Queues one line. */
  add(line: string): void {
    this.#buffer.push(line);
    this.#size += line.length;
    if (this.#size >= this.#maxBuffered) this.#flushNow();
    else if (this.#timer === undefined) this.#timer = setTimeout(() => this.#flushNow(), this.#flushMs);
  }

  /** Writes everything queued; resolves once it is out. */
  flush(): Promise<unknown> {
    this.#flushNow();
    return this.#writing;
  }

  /**
   * Writes what is queued synchronously to stdout, for an exit that cannot wait (a second
   * signal): lines still in an earlier asynchronous write may then come out after these.
   */
  flushSync(writeSync: (bytes: Uint8Array) => number = (bytes) => Deno.stdout.writeSync(bytes)): void {
    const bytes = this.#take();
    if (bytes === undefined) return;
    for (let offset = 0; offset < bytes.length;) offset += writeSync(bytes.subarray(offset));
  }

  #flushNow(): void {
    const bytes = this.#take();
    if (bytes === undefined) return;
    this.#writing = this.#writing.then(() => writeAll(this.#write, bytes)).catch(() => {});
  }

  /** Empties the queue (and cancels the pending timer); its bytes, or `undefined` if it was empty. */
  #take(): Uint8Array | undefined {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#buffer.length === 0) return undefined;
    const bytes = encoder.encode(this.#buffer.join(""));
    this.#buffer = [];
    this.#size = 0;
    return bytes;
  }
}

async function writeAll(write: Write, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const written = await write(bytes.subarray(offset));
    offset += typeof written === "number" ? written : bytes.length;
  }
}
