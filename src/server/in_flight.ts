/**
 * Requests whose handler has not answered yet, so that a shutdown knows when only idle
 * connections (or bodies nobody reads) are left, and can close them instead of waiting them out.
 * The request pipeline's `track_in_flight.ts` counts; the lifecycle waits for {@link InFlight.idle}.
 * @module
 */

/** A count of the requests being answered. */
export class InFlight {
  #count = 0;

  /** Requests started and not yet answered. */
  get count(): number {
    return this.#count;
  }

  /** One more request is being answered. */
  start(): void {
    this.#count++;
  }

  /** A request was answered (or its handler threw). */
  done(): void {
    this.#count--;
  }

  /** Resolves once {@link count} is 0 (checked every `pollMs`). */
  idle(pollMs = 20): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.#count === 0 ? resolve() : setTimeout(check, pollMs));
      check();
    });
  }
}
