/**
 * Failed logins per client: after `failures` failures in a window the client is refused (429)
 * until that window ends, before any bcrypt work. A window opens at a client's first failure.
 * Only failures count, once they have failed: a check in flight is not a failure. So that
 * concurrent guesses cannot overshoot, a client's checks in flight plus its failures never exceed
 * the limit: a login over that waits for one of them to settle (a success lets it go ahead, a
 * failure may use up the limit and refuse it). A correct login is thus never refused while the
 * client's failures are under the limit (held back at most {@link MAX_HELD_BACK} at once: more are
 * 503, as a full bcrypt queue). Memory is bounded: at most `capacity` clients are
 * remembered, the least recently failing forgotten first, a blocked one only when no other is left
 * (src/auth/client_table.ts).
 * @module
 */
import { createClientTable } from "./client_table.ts";
import { PasswordCheckUnavailable } from "./password.ts";

/** A login that may go ahead; settle it exactly once: `failed()` for a wrong password, else `release()`. */
export interface Admitted {
  allowed: true;
  /** The password was wrong: counts one failure. */
  failed(): void;
  /** Anything else (success, no check possible): nothing counts. */
  release(): void;
}

/** A client over its limit: it may try again in `retryAfterS` seconds. */
export interface Refused {
  allowed: false;
  retryAfterS: number;
}

/** The limiter as the login route sees it. */
export interface LoginLimiter {
  /**
   * Before checking a password of `client` (see `clientKey` in src/http/client_address.ts);
   * waits while the client's checks in flight could take it over its limit. Rejects with
   * {@link PasswordCheckUnavailable} (`busy`) when too many of the client's logins wait already.
   */
  admit(client: string): Promise<Admitted | Refused>;
}

/** Logins of one client held back at most; more are refused as busy (503), not as failures. */
export const MAX_HELD_BACK = 32;

/** Options for {@link createLoginLimiter}. */
export interface LoginLimiterOptions {
  /** Failures allowed per window; 0 turns the limiter off. */
  failures: number;
  windowMs: number;
  /** Clients remembered at most. */
  capacity: number;
  /** Logins of one client held back at most ({@link MAX_HELD_BACK}). */
  maxHeldBack?: number;
  /** Milliseconds on a monotonic clock; `performance.now` by default. */
  now?: () => number;
}

interface Entry {
  /** When the window opened (the first failure); `undefined` before any. */
  start: number | undefined;
  failures: number;
  inFlight: number;
  waiting: Array<(answer: Admitted | Refused) => void>;
}

const NO_LIMIT: Admitted = { allowed: true, failed() {}, release() {} };

/** A {@link LoginLimiter} with `size` (clients remembered now) for tests and metrics. */
export function createLoginLimiter(options: LoginLimiterOptions): LoginLimiter & { readonly size: number } {
  const { failures: limit, windowMs, capacity, maxHeldBack = MAX_HELD_BACK } = options;
  const now = options.now ?? (() => performance.now());
  const blocked = (entry: Entry, at: number) =>
    entry.failures >= limit && entry.start !== undefined && at - entry.start < windowMs;
  // Recency of the last failure: the least recent is the one to forget.
  const entries = createClientTable<Entry>(blocked);

  const remember = (client: string, entry: Entry) => {
    const at = now();
    entries.delete(client);
    if (entries.size >= capacity) entries.evict(at);
    entries.set(client, entry, at);
  };
  const forgetIfIdle = (client: string, entry: Entry) => {
    if (
      entry.failures === 0 && entry.inFlight === 0 && entry.waiting.length === 0 &&
      entries.get(client) === entry
    ) {
      entries.delete(client);
    }
  };
  /** The answer for `entry` now, or `undefined` if it must wait for a check in flight. */
  const decide = (client: string, entry: Entry): Admitted | Refused | undefined => {
    const at = now();
    if (entry.start !== undefined && at - entry.start >= windowMs) {
      entry.start = undefined;
      entry.failures = 0;
    }
    if (entry.failures >= limit) {
      return { allowed: false, retryAfterS: Math.max(1, Math.ceil((entry.start! + windowMs - at) / 1000)) };
    }
    if (entry.failures + entry.inFlight >= limit) return undefined;
    entry.inFlight++;
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      entry.inFlight--;
      if (failed) {
        entry.failures++;
        entry.start ??= now();
        remember(client, entry);
      }
      wake(client, entry);
      forgetIfIdle(client, entry);
    };
    return { allowed: true, failed: () => settle(true), release: () => settle(false) };
  };
  const wake = (client: string, entry: Entry) => {
    while (entry.waiting.length > 0) {
      const answer = decide(client, entry);
      if (answer === undefined) return;
      entry.waiting.shift()!(answer);
    }
  };

  return {
    get size() {
      return entries.size;
    },
    admit(client) {
      if (limit === 0) return Promise.resolve(NO_LIMIT);
      let entry = entries.get(client);
      if (entry === undefined) {
        entry = { start: undefined, failures: 0, inFlight: 0, waiting: [] };
        remember(client, entry);
      }
      const answer = entry.waiting.length === 0 ? decide(client, entry) : undefined;
      if (answer !== undefined) {
        if (!answer.allowed) forgetIfIdle(client, entry);
        return Promise.resolve(answer);
      }
      const waiting = entry.waiting;
      if (waiting.length >= maxHeldBack) return Promise.reject(new PasswordCheckUnavailable("busy"));
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
