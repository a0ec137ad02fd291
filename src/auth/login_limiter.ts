/**
 * Failed logins per client: after `failures` failures in a window the client is refused (429)
 * until that window ends, before any bcrypt work. A window opens at a client's first failure.
 * Each check reserves a failure in advance, so concurrent guesses cannot overshoot the limit;
 * a success (or a check that could not be made) gives it back, so successes never count.
 * Memory is bounded: at most `capacity` clients are remembered, the least recently failing
 * forgotten first, a blocked one only when no other is left (src/auth/client_table.ts).
 * @module
 */
import { createClientTable } from "./client_table.ts";

/** A login that may go ahead; call `refund()` unless it turned out to be a failed password. */
export interface Admitted {
  allowed: true;
  refund(): void;
}

/** A client over its limit: it may try again in `retryAfterS` seconds. */
export interface Refused {
  allowed: false;
  retryAfterS: number;
}

/** The limiter as the login route sees it. */
export interface LoginLimiter {
  /** Before checking a password of `client` (see `clientKey` in src/http/client_address.ts). */
  admit(client: string): Admitted | Refused;
}

/** Options for {@link createLoginLimiter}. */
export interface LoginLimiterOptions {
  /** Failures allowed per window; 0 turns the limiter off. */
  failures: number;
  windowMs: number;
  /** Clients remembered at most. */
  capacity: number;
  /** Milliseconds on a monotonic clock; `performance.now` by default. */
  now?: () => number;
}

interface Entry {
  start: number;
  count: number;
}

const NO_LIMIT: Admitted = { allowed: true, refund() {} };

/** A {@link LoginLimiter} with `size` (clients remembered now) for tests and metrics. */
export function createLoginLimiter(options: LoginLimiterOptions): LoginLimiter & { readonly size: number } {
  const { failures, windowMs, capacity } = options;
  const now = options.now ?? (() => performance.now());
  const entries = createClientTable<Entry>((entry, at) =>
    entry.count >= failures && at - entry.start < windowMs
  );
  return {
    get size() {
      return entries.size;
    },
    admit(client) {
      if (failures === 0) return NO_LIMIT;
      const at = now();
      let entry = entries.get(client);
      if (entry !== undefined && at - entry.start >= windowMs) {
        entries.delete(client);
        entry = undefined;
      }
      if (entry !== undefined && entry.count >= failures) {
        return { allowed: false, retryAfterS: Math.max(1, Math.ceil((entry.start + windowMs - at) / 1000)) };
      }
      if (entry === undefined) {
        if (entries.size >= capacity) entries.evict(at);
        entry = { start: at, count: 0 };
      } else {
        entries.delete(client);
      }
      entry.count++;
      entries.set(client, entry, at);
      const reserved = entry;
      return {
        allowed: true,
        refund() {
          if (reserved.count === 0) return;
          reserved.count--;
          if (reserved.count === 0 && entries.get(client) === reserved) entries.delete(client);
        },
      };
    },
  };
}
