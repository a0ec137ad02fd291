/**
 * A request without `Host` is refused with 400: HTTP/1.1 without it, and HTTP/2 with prior
 * knowledge (h2c), which `Deno.serve` would otherwise serve (see docs/decisions/edge.md).
 * @module
 */
import type { Handler } from "../../server/handler.ts";

/**
 * 400 for a request without `Host` (RFC 9112 §3.2). h2c never has one (its `:authority` becomes
 * the URL's host); an HTTP/1.x request without it gets Deno's fallback host `localhost`. An empty
 * `Host` is a `Host` and is served.
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
