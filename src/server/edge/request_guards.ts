/**
 * Fetch decorators at the edge of the HTTP service: HTTP/2 with prior knowledge on the plain port
 * is refused with 400, and a connection whose request body was not read is closed after the answer.
 * @module
 */
import { closeAfter } from "../drain.ts";
import type { Handler } from "../listen.ts";

/**
 * 400 for HTTP/2 with prior knowledge (h2c), which `Deno.serve` would otherwise serve behind the
 * access log's back; Go answers such a connection 400 too. A handler cannot see the protocol, but
 * an h2 request never has a `Host` header (it has `:authority`, which becomes the URL's host),
 * while an HTTP/1.x request without `Host` gets Deno's fallback host `localhost` in its URL (and
 * is served, as Go serves HTTP/1.0 without `Host`). Not caught: h2c whose `:authority` is
 * `localhost` itself.
 */
export function refuseH2c(inner: Handler): Handler {
  return (request, info) => {
    if (request.headers.has("host") || isFallbackHost(request.url)) return inner(request, info);
    return new Response("400 Bad Request: HTTP/2 is not served on this port, use HTTP/1.1", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
    });
  };
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
