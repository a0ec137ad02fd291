/**
 * Request ids: the caller's `X-Request-Id` when it is well formed (nginx's `$request_id` is 32
 * hex digits; UUIDs, ULIDs and the like pass too), otherwise a new one. A malformed id is
 * replaced, never echoed, so that nothing a client sends reaches a log line or a header unchecked.
 * The access-log layer (`src/http/access_log/log_requests.ts`) sends the id back and logs it.
 * @module
 */

/** The header carrying the id, in and out. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Longest id accepted from a caller. */
export const MAX_REQUEST_ID_LENGTH = 128;

const WELL_FORMED = /^[A-Za-z0-9._:+=-]{1,128}$/;

/** Whether `id` may be taken as it is: 1-128 characters of `A-Z a-z 0-9 . _ : + = -`. */
export function isWellFormedRequestId(id: string): boolean {
  return WELL_FORMED.test(id);
}

// A random per-process prefix and a counter: unique across processes with overwhelming
// likelihood, 32 hex digits like nginx's, and no random bytes drawn per request.
const prefix = Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => b.toString(16).padStart(2, "0"))
  .join("");
let counter = 0;

/** A new id: 32 lowercase hex digits. */
export function newRequestId(): string {
  counter = (counter + 1) % 0x1000000_00000;
  const tail = counter.toString(16);
  return prefix + "000000000000".slice(tail.length) + tail;
}

/** The id for a request whose `X-Request-Id` header is `incoming` (`null` if absent). */
export function requestIdFor(incoming: string | null): string {
  return incoming !== null && WELL_FORMED.test(incoming) ? incoming : newRequestId();
}
