/**
 * Liveness and readiness state behind the health server's probes.
 * @module
 */

/** Two switches the probes report; both start healthy. Once {@link stop} is called, readiness stays 503. */
export class HealthState {
  /** `/healthz` answers 200 while true, 503 otherwise. */
  live = true;
  #ready = true;
  #stopping = false;

  /** `/readiness` answers 200 while true, 503 otherwise; false for good once shutdown begins. */
  get ready(): boolean {
    return this.#ready && !this.#stopping;
  }

  set ready(value: boolean) {
    this.#ready = value;
  }

  /** Shutdown has begun: readiness is 503 from now on, whatever the toggle says (the drain is one-way). */
  stop(): void {
    this.#stopping = true;
  }
}
