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
export function goLogTime(date: Date): string {
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

/**
 * Collects lines and writes them in batches: one write per event-loop turn or per 64 KiB,
 * so logging never waits on the terminal or pipe inside a request.
 */
export class AccessLog {
  #buffer: string[] = [];
  #size = 0;
  #scheduled = false;
  #writing: Promise<unknown> = Promise.resolve();
  #write: Write;

  constructor(write: Write = (bytes) => Deno.stdout.write(bytes)) {
    this.#write = write;
  }

  /** Queues one line. */
  add(line: string): void {
    this.#buffer.push(line);
    this.#size += line.length;
    if (this.#size >= 65_536) this.#flushNow();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setTimeout(() => this.#flushNow(), 0);
    }
  }

  /** Writes everything queued; resolves once it is out. */
  flush(): Promise<unknown> {
    this.#flushNow();
    return this.#writing;
  }

  #flushNow(): void {
    this.#scheduled = false;
    if (this.#buffer.length === 0) return;
    const bytes = encoder.encode(this.#buffer.join(""));
    this.#buffer = [];
    this.#size = 0;
    this.#writing = this.#writing.then(() => writeAll(this.#write, bytes)).catch(() => {});
  }
}

async function writeAll(write: Write, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const written = await write(bytes.subarray(offset));
    offset += typeof written === "number" ? written : bytes.length;
  }
}
