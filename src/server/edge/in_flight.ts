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
  /** Resolves once {@link count} is 0: at once if it is, else when the last request is answered. */
  idle(): Promise<void>;
}

/** Decorates `inner` with an in-flight count; a synchronous answer stays synchronous. */
export function trackInFlight(inner: Handler): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  const answered = () => {
    if (--count > 0) return;
    const woken = waiters;
    waiters = [];
    woken.forEach((wake) => wake());
  };
  const done = (response: Response) => {
    answered();
    return response;
  };
  const failed = (error: unknown) => {
    answered();
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
    idle() {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}
