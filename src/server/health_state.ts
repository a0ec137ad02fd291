/**
 * Liveness and readiness state behind the health server's probes.
 * @module
 */

/** Two switches the probes report; both start healthy. */
export class HealthState {
  /** `/healthz` answers 200 while true, 503 otherwise. */
  live = true;
  /** `/readiness` answers 200 while true, 503 otherwise (false once shutdown begins). */
  ready = true;
  /** What the service still waits for before it can serve (e.g. token keys); readiness is 503 meanwhile. */
  readonly waitingFor = new Set<string>();

  /** Whether `/readiness` answers 200. */
  get isReady(): boolean {
    return this.ready && this.waitingFor.size === 0;
  }
}
