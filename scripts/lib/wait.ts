/**
 * The one place tests wait: for a condition polled with a short interval up to a deadline
 * ({@link until}), or for a promise up to a deadline ({@link within}). Nothing here sleeps a fixed
 * time and hopes: every wait ends on the event it names, or fails saying what did not happen.
 * @module
 */

/** How {@link until} polls. */
export interface UntilOptions {
  /** Fails after this long (10 s by default: generous for a loaded 2-core machine). */
  timeoutMs?: number;
  /** Asks again this long after an answer that was not yet it (20 ms by default). */
  everyMs?: number;
  /** Extra detail for the failure message, read when the deadline passes (a process's log). */
  detail?: () => string;
}

/**
 * Polls `check` until it returns something other than `undefined`, `false`, `null` or `0`, and
 * resolves that; rejects with "timed out waiting for `what`" after `timeoutMs`. A `check` that
 * throws ends the wait with its error.
 */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  options: UntilOptions = {},
): Promise<Exclude<T, undefined | null | false | 0 | "">> {
  const { timeoutMs = 10_000, everyMs = 20 } = options;
  const deadline = performance.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | "">;
    if (performance.now() > deadline) {
      const detail = options.detail?.();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `:\n${detail}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Resolves what `promise` resolves, or rejects with `message()` if `ms` pass first; the timer
 * is cleared either way, so a settled wait leaves nothing behind for Deno's leak checks.
 */
export function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Resolves `true` once a TCP connection to `127.0.0.1:port` succeeds (and is closed again), else `false`. */
export function accepts(port: number, hostname = "127.0.0.1"): Promise<boolean> {
  return Deno.connect({ hostname, port }).then((conn) => (conn.close(), true), () => false);
}

/** The status `url` answers with (its body discarded), or 0 when nothing answers. */
export function statusOf(url: string, init?: RequestInit): Promise<number> {
  return fetch(url, init).then(async (response) => {
    await response.body?.cancel();
    return response.status;
  }, () => 0);
}
