/**
 * One log line per burst of accept failures for the whole process. Running out of descriptors hits
 * every listener at once (a probe on the health port fails while the HTTP port is flooded): the
 * first failure of any listener opens the burst and is logged, the others are counted, and the
 * burst ends (one more line) once no listener has failed for a quiet period after a reopen.
 * @module
 */
import { logLine } from "../log.ts";

/** The shared record of a burst, given to every listener of a process. */
export interface BurstLog {
  /**
   * `where` (e.g. `HTTP service 127.0.0.1:8080`) failed to accept; logs only the first of a burst.
   * Returns the failures of this burst so far, this one included (for the retry's backoff).
   */
  failed(where: string, reason: string): number;
  /** A listener was opened again: the burst ends if no listener fails for the quiet period. */
  reopened(): void;
}

/** Options for {@link createBurstLog}. */
export interface BurstLogOptions {
  /** Where the lines go; stderr (Go log format) by default. */
  warn?: (line: string) => void;
  /** A burst ends after this long without a failure, in milliseconds (5 s). */
  quietMs?: number;
}

/** A {@link BurstLog} for the listeners of one process. */
export function createBurstLog(options: BurstLogOptions = {}): BurstLog {
  const warn = options.warn ?? logLine;
  const quietMs = options.quietMs ?? 5_000;
  let failures = 0;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  return {
    failed(where, reason) {
      clearTimeout(quiet);
      quiet = undefined;
      if (failures === 0) warn(`${where}: accept: ${reason}; retrying`);
      return ++failures;
    },
    reopened() {
      if (failures === 0) return;
      clearTimeout(quiet);
      const timer = setTimeout(() => {
        warn(`accepting again (listeners reopened ${failures} time(s))`);
        failures = 0;
      }, quietMs);
      // The end-of-burst line must not keep a shutting-down process alive.
      Deno.unrefTimer(timer);
      quiet = timer;
    },
  };
}
