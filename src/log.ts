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

// Characters JSON.stringify may escape; most request lines and user agents have none.
// deno-lint-ignore no-control-regex -- control characters are exactly what this looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;

/** `text` as a JSON string literal, without JSON.stringify's work when nothing needs escaping. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Formats an access-log line: the Go original's fields plus status and duration. */
export function formatAccess(entry: AccessEntry, nowMs = Date.now()): string {
  const path = entry.path.length > 2048 ? `${entry.path.slice(0, 2048)}...` : entry.path;
  const agent = entry.userAgent === null ? "-" : quote(entry.userAgent.slice(0, 256));
  return `${entry.remote} - - [${stamp(nowMs)}] ${quote(`${entry.method} ${path} HTTP/1.1`)} ` +
    `${entry.status} ${entry.durationMs.toFixed(3)}ms ${agent}\n`;
}

/** Options for {@link AccessLog}. */
export interface AccessLogOptions {
  /** Where the bytes go; stdout by default. */
  write?: Write;
  /** Longest a line waits before it is written, in milliseconds. */
  flushMs?: number;
  /** Size of one batch in bytes: a batch that cannot take the next line is written at once. */
  maxBuffered?: number;
  /** Batches that may wait for the sink at once; past that, lines are dropped and counted. */
  maxPending?: number;
}

/**
 * Collects lines and writes them in batches: at most every `flushMs` (50 ms) or whenever a 64 KiB
 * batch is full, so that under load a write to stdout costs one op per hundreds of requests, and
 * logging never waits on the terminal or pipe inside a request. Lines are encoded straight into
 * reused batch buffers (no joined string, no new array per write: less for the GC and less RSS).
 * If the sink stalls, at most `maxPending` batches (1 MiB) wait; later lines are dropped and their
 * number reported on stderr, rather than growing memory until the container is killed.
 * `flush()` writes the rest.
 */
export class AccessLog {
  #batch: Uint8Array;
  #used = 0;
  #lines = 0;
  #spare: Uint8Array[] = [];
  #pending = 0;
  #dropped = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<unknown> = Promise.resolve();
  #write: Write;
  #flushMs: number;
  #maxPending: number;

  constructor(options: AccessLogOptions = {}) {
    this.#write = options.write ?? ((bytes) => Deno.stdout.write(bytes));
    this.#flushMs = options.flushMs ?? 50;
    this.#batch = new Uint8Array(options.maxBuffered ?? 65_536);
    this.#maxPending = options.maxPending ?? 16;
  }

  /** Queues one line. */
  add(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (this.#used + line.length * 3 > this.#batch.length) {
      this.#flushNow();
      if (line.length * 3 > this.#batch.length) {
        this.#send(encoder.encode(line), 1);
        return;
      }
    }
    this.#used += encoder.encodeInto(line, this.#batch.subarray(this.#used)).written;
    this.#lines++;
    if (this.#timer === undefined) this.#timer = setTimeout(() => this.#flushNow(), this.#flushMs);
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
    this.#cancelTimer();
    const bytes = this.#batch.subarray(0, this.#used);
    for (let offset = 0; offset < bytes.length;) offset += writeSync(bytes.subarray(offset));
    this.#used = 0;
    this.#lines = 0;
  }

  #flushNow(): void {
    this.#cancelTimer();
    if (this.#used === 0) return;
    const full = this.#batch;
    if (this.#send(full.subarray(0, this.#used), this.#lines, full)) {
      this.#batch = this.#spare.pop() ?? new Uint8Array(full.length);
    }
    this.#used = 0;
    this.#lines = 0;
  }

  /** Hands bytes to the sink, then returns `recycle` to the spares; false if they were dropped. */
  #send(bytes: Uint8Array, lines: number, recycle?: Uint8Array): boolean {
    if (this.#pending >= this.#maxPending) {
      this.#dropped += lines;
      return false;
    }
    if (this.#dropped > 0) {
      logLine(`access log: ${this.#dropped} lines dropped while stdout was not keeping up`);
      this.#dropped = 0;
    }
    this.#pending++;
    this.#writing = this.#writing.then(() => writeAll(this.#write, bytes)).catch(() => {}).finally(() => {
      this.#pending--;
      if (recycle) this.#spare.push(recycle);
    });
    return true;
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

async function writeAll(write: Write, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const written = await write(bytes.subarray(offset));
    offset += typeof written === "number" ? written : bytes.length;
  }
}
