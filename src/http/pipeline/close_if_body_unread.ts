/**
 * An answer to a request whose body was not read is marked `Connection: close`.
 * @module
 */
import type { Handler } from "../../server/handler.ts";
import { closeAfter } from "../with_header.ts";

/** Whether a request says it carries a body (a `Content-Length` other than 0, or any `Transfer-Encoding`). */
export function announcesBody(request: Request): boolean {
  const headers = request.headers;
  // `has` first: Deno's `get` builds and joins a list, and most requests have no `Content-Length`.
  if (headers.has("content-length") && headers.get("content-length") !== "0") return true;
  return headers.has("transfer-encoding");
}

const after = (request: Request, response: Response) =>
  !request.bodyUsed && announcesBody(request) ? closeAfter(response) : response;

/**
 * Marks the answer `Connection: close` when the request announced a body the handler did not
 * read: the connection is not kept for another request behind an unread (maybe endless) body, and
 * it is the client's cue to stop sending. A synchronous answer stays synchronous.
 */
export function closeIfBodyUnread(inner: Handler): Handler {
  return (request, info) => {
    const answer = inner(request, info);
    return answer instanceof Promise ? answer.then((r) => after(request, r)) : after(request, answer);
  };
}
