/**
 * Counts requests whose handler has not answered yet, so that a shutdown knows when only idle
 * connections (or bodies nobody reads) are left, and can close them instead of waiting them out.
 * @module
 */
import type { Handler } from "../listen.ts";

/** A handler decorated with a count of the requests it is still answering. */
export interface InFlight {
  handler: Handler;
  /** Requests started and not yet answered. */
  readonly count: number;
  /** Resolves once {@link count} is 0 (checked every `pollMs`). */
  idle(pollMs?: number): Promise<void>;
}

/** Decorates `inner` with an in-flight count; a synchronous answer stays synchronous. */
export function trackInFlight(inner: Handler): InFlight {
  let count = 0;
  const done = (response: Response) => {
    count--;
    return response;
  };
  const failed = (error: unknown) => {
    count--;
    throw error;
  };
  const handler: Handler = (request, info) => {
    count++;
    let answer;
    try {
      answer = inner(request, info);
    } catch (error) {
      return failed(error);
    }
    return answer instanceof Promise ? answer.then(done, failed) : done(answer);
  };
  return {
    handler,
    get count() {
      return count;
    },
    idle(pollMs = 20) {
      return new Promise((resolve) => {
        const check = () => (count === 0 ? resolve() : setTimeout(check, pollMs));
        check();
      });
    },
  };
}
