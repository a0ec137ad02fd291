/**
 * Requests whose handler has not answered yet, so that a shutdown knows when only idle
 * connections (or bodies nobody reads) are left, and can close them instead of waiting them out.
 * The request pipeline's `track_in_flight.ts` counts; the lifecycle waits for {@link InFlight.idle}.
 * @module
 */

/** A count of the requests being answered. */
export class InFlight {
  #count = 0;
  #waiters: (() => void)[] = [];

  /** Requests started and not yet answered. */
  get count(): number {
    return this.#count;
  }

  /** One more request is being answered. */
  start(): void {
    this.#count++;
  }

  /** A request was answered (or its handler threw); the last one wakes whoever waits for idle. */
  done(): void {
    // Nobody waits for idle outside a shutdown: nothing to wake, nothing to allocate per request.
    if (--this.#count > 0 || this.#waiters.length === 0) return;
    const woken = this.#waiters;
    this.#waiters = [];
    woken.forEach((wake) => wake());
  }

  /** Resolves once {@link count} is 0: at once if it is, else when the last request is answered. */
  idle(): Promise<void> {
    return this.#count === 0 ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve));
  }
}
