/**
 * Fetch decorators at the edge of the HTTP service: a request without `Host` (HTTP/1.1 without it,
 * HTTP/2 with prior knowledge) is refused with 400, and an answer to a request whose body was not
 * read is marked `Connection: close`.
 * @module
 */
import { closeAfter } from "../drain.ts";
import type { Handler } from "../listen.ts";

/**
 * 400 for a request without `Host`. HTTP/1.1 requires it (RFC 9112 §3.2: a server MUST answer 400
 * without it), and HTTP/2 with prior knowledge (h2c), which `Deno.serve` would otherwise serve
 * behind the access log's back, never has one (it has `:authority`, which becomes the URL's host).
 * A handler cannot see the protocol version in Deno 2.9.6, so HTTP/1.0 without `Host` is refused
 * too, where Go serves it. An empty `Host` is a `Host` (RFC 9112 allows it) and is served.
 */
export function requireHost(inner: Handler): Handler {
  return (request, info) => {
    if (request.headers.has("host")) return inner(request, info);
    return refusal(isFallbackHost(request.url) ? NO_HOST : H2C);
  };
}

/** Answers the HTTP/1.x request that lacks `Host`; Go's wording. */
const NO_HOST = "400 Bad Request: missing required Host header";
/** Answers h2c (no `Host`, an authority in the URL); an HTTP/1.1 request in absolute form gets it too. */
const H2C = "400 Bad Request: HTTP/2 is not served on this port, use HTTP/1.1";

function refusal(text: string): Response {
  return new Response(text, {
    status: 400,
    headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
  });
}

/** Whether `url`'s host is `localhost`, as Deno fills it in for an HTTP/1.x request without `Host`. */
function isFallbackHost(url: string): boolean {
  return url.startsWith("http://localhost:") || url.startsWith("http://localhost/");
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
