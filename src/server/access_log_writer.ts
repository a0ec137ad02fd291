/**
 * The access log's writer: lines batched into reused buffers and written to stdout without
 * blocking the request path.
 * @module
 */
import { logLine } from "./log.ts";

const encoder = new TextEncoder();

/** A sink for access-log text. */
export type Write = (bytes: Uint8Array) => Promise<unknown>;

/** Options for {@link AccessLogWriter}. */
export interface AccessLogWriterOptions {
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
export class AccessLogWriter {
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

  constructor(options: AccessLogWriterOptions = {}) {
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
