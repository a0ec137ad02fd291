/**
 * HEAD answered as GET. Hono answers HEAD by running the GET handler and then dropping the body
 * with `new Response(null, ...)`, which also drops its length: the server then sends
 * `content-length: 0` where GET sends 20 bytes. RFC 9110 §9.3.2 wants the same header fields as
 * GET, and §8.6 a Content-Length that is the GET body's length or none. Handing the app a GET and
 * the server the GET's response keeps the length; the server itself never sends a HEAD's body.
 * @module
 */

/** A `Deno.serve` handler. */
export type FetchHandler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

/** Serves a HEAD request with the GET response of `fetch` (its body is never sent for HEAD). */
export function headAsGet(fetch: FetchHandler): FetchHandler {
  return (request, info) =>
    request.method === "HEAD" ? fetch(new Request(request, { method: "GET" }), info) : fetch(request, info);
}
