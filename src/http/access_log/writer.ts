/**
 * The access log's writer: lines batched into reused buffers and written to stdout without
 * blocking the request path.
 * @module
 */
import { logLine } from "../../server/log.ts";
import { SinkQueue, type Write } from "./sink_queue.ts";

export type { Write } from "./sink_queue.ts";

const encoder = new TextEncoder();

/** Batch buffers kept for reuse; a burst's extra ones go to the GC. */
const SPARES = 4;

/** Lines wait as one string until they may take this many bytes, then are encoded in one call. */
const PENDING_BYTES = 16_384;

/** Options for {@link AccessLogWriter}. */
export interface AccessLogWriterOptions {
  /** Where the bytes go; stdout by default. */
  write?: Write;
  /** Longest a line waits before it is written, in milliseconds. */
  flushMs?: number;
  /** Size of one batch in bytes: a batch that cannot take the next line is written at once. */
  maxBuffered?: number;
  /** Batches that may wait for a stalled sink; past that, lines are dropped and counted (16: 1 MiB). */
  maxPending?: number;
  /** Batches that may wait for a sink that is making progress (128: 8 MiB); past that, lines are dropped. */
  maxPendingWhileWriting?: number;
  /** A sink that has taken no byte for this long is stalled, in milliseconds (1 s). */
  stallMs?: number;
  /** The clock, in milliseconds (`performance.now` by default). */
  now?: () => number;
  /** Where the line about dropped lines goes; stderr (Go log format) by default. */
  warn?: (line: string) => void;
  /** Least time between two lines about dropped lines, in milliseconds (10 s). */
  reportEveryMs?: number;
}

/**
 * Collects lines and writes them in batches: at most every `flushMs` (50 ms) or whenever a 64 KiB
 * batch is full, so that under load a write to stdout costs one op per hundreds of requests, and
 * logging never waits on the terminal or pipe inside a request. Lines are encoded a few dozen at a
 * time into reused batch buffers (no new array per write: less for the GC and less RSS).
 * Each write takes every batch queued meanwhile ({@link SinkQueue}), so a sink that keeps taking
 * bytes (a file, a pipe someone reads) gets every line. Lines are dropped only when
 * `maxPendingWhileWriting` batches (8 MiB) wait, or, once the sink has taken nothing for `stallMs`,
 * `maxPending` batches (1 MiB): memory stays bounded instead of growing until the container is
 * killed. Their number is reported on stderr (at most one line per `reportEveryMs`, also while
 * stdout stays blocked). {@link dropped} counts them
 * for metrics. `flush()` writes the rest; {@link flushWithin} gives up after a deadline, so that a
 * stdout nobody reads cannot hold the process at exit.
 */
export class AccessLogWriter {
  #batch: Uint8Array;
  #used = 0;
  /** Lines in the batch not yet encoded into it, and the most bytes they can take. */
  #pending = "";
  #pendingMax = 0;
  #lines = 0;
  #spare: Uint8Array[] = [];
  #sink: SinkQueue;
  #dropped = 0;
  #unreported = 0;
  #lastReport = -Infinity;
  #reportTimer: ReturnType<typeof setTimeout> | undefined;
  #warn: (line: string) => void;
  #reportEveryMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushMs: number;
  #maxPending: number;
  #maxPendingWhileWriting: number;
  #stallMs: number;

  constructor(options: AccessLogWriterOptions = {}) {
    const write: Write = options.write ?? ((bytes) => Deno.stdout.write(bytes));
    const release = (batch: Uint8Array) => void (this.#spare.length < SPARES && this.#spare.push(batch));
    this.#sink = new SinkQueue(
      write,
      options.now ?? (() => performance.now()),
      release,
      (n) => this.#drop(n),
    );
    this.#flushMs = options.flushMs ?? 50;
    this.#batch = new Uint8Array(options.maxBuffered ?? 65_536);
    this.#maxPending = options.maxPending ?? 16;
    this.#maxPendingWhileWriting = Math.max(this.#maxPending, options.maxPendingWhileWriting ?? 128);
    this.#stallMs = options.stallMs ?? 1_000;
    this.#warn = options.warn ?? logLine;
    this.#reportEveryMs = options.reportEveryMs ?? 10_000;
  }

  /** Lines dropped since start because the sink was not keeping up or failed (for metrics). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Queues one line. */
  add(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    const max = line.length * 3;
    if (this.#used + this.#pendingMax + max > this.#batch.length) {
      this.#encodePending();
      if (this.#used + max > this.#batch.length) {
        this.#flushNow();
        if (max > this.#batch.length) {
          this.#send(encoder.encode(line), 1);
          return;
        }
      }
    }
    // Encoding lines a few dozen at a time rather than one by one saves a call into the runtime per line.
    this.#pending += line;
    this.#pendingMax += max;
    this.#lines++;
    if (this.#pendingMax >= PENDING_BYTES) this.#encodePending();
    if (this.#timer === undefined) this.#timer = setTimeout(() => this.#flushNow(), this.#flushMs);
  }

  /** Writes everything queued; resolves once it is out. */
  flush(): Promise<unknown> {
    this.#flushNow();
    return this.#sink.done;
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
    if (!done) this.#drop(this.#sink.abandon() + this.#lines);
    this.#report();
    return done;
  }

  #encodePending(): void {
    if (this.#pendingMax === 0) return;
    this.#used += encoder.encodeInto(this.#pending, this.#batch.subarray(this.#used)).written;
    this.#pending = "";
    this.#pendingMax = 0;
  }

  #flushNow(): void {
    this.#cancelTimer();
    this.#encodePending();
    if (this.#used === 0) return;
    const full = this.#batch;
    if (this.#send(full.subarray(0, this.#used), this.#lines, full)) {
      this.#batch = this.#spare.pop() ?? new Uint8Array(full.length);
    }
    this.#used = 0;
    this.#lines = 0;
  }

  /** Queues bytes for the sink (`batch` is reused once written); false if they were dropped. */
  #send(bytes: Uint8Array, lines: number, batch?: Uint8Array): boolean {
    const stalled = this.#sink.idleMs() >= this.#stallMs;
    if (this.#sink.batches >= (stalled ? this.#maxPending : this.#maxPendingWhileWriting)) {
      this.#drop(lines);
      return false;
    }
    this.#sink.push(bytes, lines, batch);
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
