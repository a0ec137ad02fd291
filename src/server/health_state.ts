/**
 * Liveness and readiness state behind the health server's probes.
 * @module
 */

/**
 * What the probes report. Ready means all three: the course's toggle is on, shutdown has not
 * begun ({@link stop}, one-way: no toggle undoes a drain), and nothing is still awaited
 * ({@link waitFor}, e.g. the first JWKS fetch). The toggle alone can never make a service ready.
 */
export class HealthState {
  /** `/healthz` answers 200 while true, 503 otherwise. */
  live = true;
  /** The course's readiness switch (`/readiness/status` flips it); one of the three conditions. */
  toggle = true;
  #stopping = false;
  readonly #waitingFor = new Set<string>();

  /** Whether `/readiness` answers 200: toggle on, not stopping, nothing awaited. */
  get ready(): boolean {
    return this.toggle && !this.#stopping && this.#waitingFor.size === 0;
  }

  /** Whether shutdown has begun. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** What readiness still waits for. */
  get waitingFor(): ReadonlySet<string> {
    return this.#waitingFor;
  }

  /** Shutdown has begun: readiness is 503 from now on, whatever the toggle says (the drain is one-way). */
  stop(): void {
    this.#stopping = true;
  }

  /** Readiness is 503 until the returned function is called (any number of times) for `what`. */
  waitFor(what: string): () => void {
    this.#waitingFor.add(what);
    return () => void this.#waitingFor.delete(what);
  }
}
