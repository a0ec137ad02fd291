/**
 * Setting a header on a response a handler already made.
 * @module
 */

/** Sets `name` on `response`, copying it if its headers are immutable (a proxied response). */
export function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/**
 * Marks a response `Connection: close`, so that a keep-alive client (nginx, a kube-proxy'd
 * client) opens its next connection elsewhere instead of reusing one that is about to close.
 */
export function closeAfter(response: Response): Response {
  return withHeader(response, "connection", "close");
}
