/**
 * HEAD answered as GET, so that a HEAD gets the GET's header fields, `Content-Length` included
 * (RFC 9110 §9.3.2, §8.6), which Hono's own HEAD handling drops (see docs/decisions/edge.md).
 * @module
 */
import type { Handler } from "../../server/handler.ts";

/**
 * Serves a HEAD request with the GET response of `inner` (the server never sends a HEAD's body).
 * The GET is made from the URL and headers, not by copying the request, whose `signal` the
 * runtime warns about on stderr when read.
 */
export function headAsGet(inner: Handler): Handler {
  return (request, info) =>
    request.method === "HEAD"
      ? inner(new Request(request.url, { method: "GET", headers: request.headers }), info)
      : inner(request, info);
}
