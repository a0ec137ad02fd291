/**
 * The drain in the request pipeline: once a shutdown begins (see `src/server/drain.ts`), every
 * answer closes its connection.
 * @module
 */
import type { Drain } from "../../server/drain.ts";
import type { Wrapper } from "../../server/handler.ts";
import { closeAfter } from "../with_header.ts";

/**
 * Answers untouched outside a drain (a synchronous answer stays synchronous); during one, every
 * answer is marked with {@link closeAfter}.
 */
export function closeWhileDraining(drain: Drain): Wrapper {
  return (inner) => (request, info) => {
    const answer = inner(request, info);
    if (!drain.draining) return answer;
    return answer instanceof Promise ? answer.then(closeAfter) : closeAfter(answer);
  };
}
