/**
 * Fetch decorators at the edge of the HTTP service: requests without a `Host` header (HTTP/1.1
 * without one, and HTTP/2 prior knowledge, whose requests carry `:authority` instead) are refused
 * with 400, and a connection whose request body was not read is closed after the answer.
 * @module
 */
import { closeAfter } from "../drain.ts";
import type { Handler } from "../listen.ts";

/**
 * 400 `missing required Host header` (Go's answer) for a request without `Host`. That refuses
 * HTTP/2 with prior knowledge on the plain port, which `Deno.serve` would otherwise serve as h2c
 * behind the access log's back (and an HTTP/1.0 request without `Host`, which nobody sends now).
 */
export function requireHost(inner: Handler): Handler {
  return (request, info) => {
    if (request.headers.has("host")) return inner(request, info);
    return new Response("400 Bad Request: missing required Host header", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
    });
  };
}

/** Whether a request says it carries a body (a `Content-Length` other than 0, or any `Transfer-Encoding`). */
export function announcesBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return (length !== null && length !== "0") || request.headers.has("transfer-encoding");
}

/**
 * Marks the answer `Connection: close` when the request announced a body the handler did not
 * read: the connection is not kept for another request behind an unread (maybe endless) body, and
 * it is the client's cue to stop sending. A synchronous answer stays synchronous.
 */
export function closeIfBodyUnread(inner: Handler): Handler {
  const after = (request: Request, response: Response) =>
    !request.bodyUsed && announcesBody(request) ? closeAfter(response) : response;
  return (request, info) => {
    const answer = inner(request, info);
    return answer instanceof Promise ? answer.then((r) => after(request, r)) : after(request, answer);
  };
}
