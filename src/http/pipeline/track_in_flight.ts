/**
 * The request pipeline's count of requests being answered (see `src/server/in_flight.ts`), which a
 * shutdown waits for.
 * @module
 */
import type { InFlight } from "../../server/in_flight.ts";
import type { Wrapper } from "../../server/handler.ts";

/** Counts each request in `inFlight` until its handler answers or throws; a sync answer stays sync. */
export function trackInFlight(inFlight: InFlight): Wrapper {
  const done = (response: Response) => {
    inFlight.done();
    return response;
  };
  const failed = (error: unknown): never => {
    inFlight.done();
    throw error;
  };
  return (inner) => (request, info) => {
    inFlight.start();
    let answer;
    try {
      answer = inner(request, info);
    } catch (error) {
      return failed(error);
    }
    return answer instanceof Promise ? answer.then(done, failed) : done(answer);
  };
}
