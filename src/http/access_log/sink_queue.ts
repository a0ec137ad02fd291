/**
 * The access log's way to its sink: one write in flight at a time, each taking everything queued
 * meanwhile, with the time of the sink's last progress for telling a slow sink from a stalled one.
 * @module
 */

/** A sink for access-log text: resolves the bytes written (or anything, for all of them). */
export type Write = (bytes: Uint8Array) => Promise<unknown>;

/** Bytes waiting for the sink, their line count and the batch buffer they live in. */
interface Queued {
  bytes: Uint8Array;
  lines: number;
  batch?: Uint8Array;
}

/**
 * Writes queued batches in order. While a write is pending, batches queue up; the next write
 * merges them into one buffer, so the number of writes (each costing an event-loop turn to
 * complete) does not limit how many bytes a fast sink takes during a burst.
 */
export class SinkQueue {
  #queue: Queued[] = [];
  #batches = 0;
  #lines = 0;
  #pumping = false;
  #abandoned = false;
  #lastProgress = 0;
  #done: Promise<void> = Promise.resolve();
  #write: Write;
  #now: () => number;
  #release: (batch: Uint8Array) => void;
  #lost: (lines: number) => void;

  /**
   * `release` gets each batch buffer back once its bytes are written or copied; `lost` gets the
   * line count of a write that failed (stdout closed, disk full).
   */
  constructor(
    write: Write,
    now: () => number,
    release: (batch: Uint8Array) => void,
    lost: (lines: number) => void,
  ) {
    this.#write = write;
    this.#now = now;
    this.#release = release;
    this.#lost = lost;
  }

  /** Batches queued or being written. */
  get batches(): number {
    return this.#batches;
  }

  /** Lines queued or being written. */
  get lines(): number {
    return this.#lines;
  }

  /** Milliseconds since the sink last took a byte (or was handed the first batch after idling). */
  idleMs(): number {
    return this.#batches === 0 ? 0 : this.#now() - this.#lastProgress;
  }

  /** Resolves once everything queued so far is written. */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Counts everything still waiting as gone (the process exits without it); returns its line count. */
  abandon(): number {
    const lines = this.#lines;
    this.#lines = 0;
    this.#abandoned = true;
    return lines;
  }

  /** Queues `bytes` (`lines` lines, living in `batch` if given). */
  push(bytes: Uint8Array, lines: number, batch?: Uint8Array): void {
    this.#batches++;
    this.#lines += lines;
    this.#queue.push({ bytes, lines, batch });
    if (!this.#pumping) this.#done = this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    this.#lastProgress = this.#now();
    while (this.#queue.length > 0) {
      const taken = this.#queue.splice(0);
      const bytes = taken.length === 1 ? taken[0].bytes : concat(taken);
      if (taken.length > 1) taken.forEach((item) => item.batch && this.#release(item.batch));
      const lines = taken.reduce((n, item) => n + item.lines, 0);
      try {
        await writeAll(this.#write, bytes, () => (this.#lastProgress = this.#now()));
      } catch {
        // stdout closed or the disk full: counted (unless already counted at exit), later lines still tried
        if (!this.#abandoned) this.#lost(lines);
      }
      if (taken.length === 1 && taken[0].batch) this.#release(taken[0].batch);
      this.#batches -= taken.length;
      this.#lines = Math.max(0, this.#lines - lines);
    }
    this.#pumping = false;
  }
}

function concat(items: readonly Queued[]): Uint8Array {
  const out = new Uint8Array(items.reduce((n, item) => n + item.bytes.length, 0));
  let offset = 0;
  for (const { bytes } of items) {
    out.set(bytes, offset);
    offset += bytes.length;
  }
  return out;
}

async function writeAll(write: Write, bytes: Uint8Array, progress: () => void): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const written = await write(bytes.subarray(offset));
    offset += typeof written === "number" ? written : bytes.length;
    progress();
  }
}
