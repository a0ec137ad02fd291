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
  /** Where the line about dropped lines goes; stderr (Go log format) by default. */
  warn?: (line: string) => void;
  /** Least time between two lines about dropped lines, in milliseconds (10 s). */
  reportEveryMs?: number;
}

/**
 * Collects lines and writes them in batches: at most every `flushMs` (50 ms) or whenever a 64 KiB
 * batch is full, so that under load a write to stdout costs one op per hundreds of requests, and
 * logging never waits on the terminal or pipe inside a request. Lines are encoded straight into
 * reused batch buffers (no joined string, no new array per write: less for the GC and less RSS).
 * If the sink stalls, at most `maxPending` batches (1 MiB) wait; later lines are dropped and their
 * number reported on stderr (at most one line per `reportEveryMs`, also while stdout stays
 * blocked), rather than growing memory until the container is killed. {@link dropped} counts them
 * for metrics. `flush()` writes the rest; {@link flushWithin} gives up after a deadline, so that a
 * stdout nobody reads cannot hold the process at exit.
 */
export class AccessLogWriter {
  #batch: Uint8Array;
  #used = 0;
  #lines = 0;
  #spare: Uint8Array[] = [];
  #pending = 0;
  #pendingLines = 0;
  #dropped = 0;
  #unreported = 0;
  #lastReport = -Infinity;
  #reportTimer: ReturnType<typeof setTimeout> | undefined;
  #warn: (line: string) => void;
  #reportEveryMs: number;
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
    this.#warn = options.warn ?? logLine;
    this.#reportEveryMs = options.reportEveryMs ?? 10_000;
  }

  /** Lines dropped since start because the sink was not keeping up (for metrics). */
  get dropped(): number {
    return this.#dropped;
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
   * Writes everything queued, waiting at most `ms`: resolves true once it is out, or false at the
   * deadline, when the lines still waiting are counted as dropped and reported at once (the
   * process is about to exit with them unwritten).
   */
  async flushWithin(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const done = await Promise.race([this.flush().then(() => true), deadline]);
    clearTimeout(timer);
    if (!done) {
      this.#drop(this.#pendingLines + this.#lines);
      this.#pendingLines = 0;
    }
    this.#report();
    return done;
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
      this.#drop(lines);
      return false;
    }
    this.#pending++;
    this.#pendingLines += lines;
    this.#writing = this.#writing.then(() => writeAll(this.#write, bytes)).catch(() => {}).finally(() => {
      this.#pending--;
      this.#pendingLines = Math.max(0, this.#pendingLines - lines);
      if (recycle) this.#spare.push(recycle);
    });
    return true;
  }

  /** Counts `lines` as dropped and makes sure a report follows (rate-limited, never from a request). */
  #drop(lines: number): void {
    if (lines <= 0) return;
    this.#dropped += lines;
    this.#unreported += lines;
    if (this.#reportTimer !== undefined) return;
    const wait = Math.max(0, this.#lastReport + this.#reportEveryMs - performance.now());
    this.#reportTimer = setTimeout(() => this.#report(), wait);
    Deno.unrefTimer(this.#reportTimer);
  }

  /** Writes the line about lines dropped since the last one, if any. */
  #report(): void {
    if (this.#reportTimer !== undefined) clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    if (this.#unreported === 0) return;
    this.#lastReport = performance.now();
    this.#warn(
      `access log: ${this.#unreported} lines dropped while stdout was not keeping up (${this.#dropped} since start)`,
    );
    this.#unreported = 0;
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
