/**
 * The drain as a fetch decorator: once a shutdown begins, every answer closes its connection.
 * @module
 */
import type { Handler } from "./listen.ts";
import { withHeader } from "./with_header.ts";

/**
 * Marks a response `Connection: close`, so that a keep-alive client (nginx, a kube-proxy'd
 * client) opens its next connection elsewhere instead of reusing one that is about to close.
 */
export function closeAfter(response: Response): Response {
  return withHeader(response, "connection", "close");
}

/** Whether the servers are draining; {@link closeWhileDraining} reads it, the lifecycle sets it. */
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

/**
 * `inner`, untouched outside a drain (a synchronous answer stays synchronous); during one, every
 * answer is marked with {@link closeAfter}.
 */
export function closeWhileDraining(inner: Handler, drain: Drain): Handler {
  return (request, info) => {
    const answer = inner(request, info);
    if (!drain.draining) return answer;
    return answer instanceof Promise ? answer.then(closeAfter) : closeAfter(answer);
  };
}
