/**
 * Whether the servers are draining: the lifecycle begins it at shutdown, the request pipeline's
 * `close_while_draining.ts` reads it.
 * @module
 */

/** Whether the servers are draining; set once, never unset. */
export class Drain {
  #draining = false;

  /** True once {@link begin} was called. */
  get draining(): boolean {
    return this.#draining;
  }

  /** From now on, every answer closes its connection. */
  begin(): void {
    this.#draining = true;
  }
}
