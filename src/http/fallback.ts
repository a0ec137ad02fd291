/**
 * What an app answers for a request no route matched.
 * @module
 */
import type { NotFoundHandler } from "hono";
import { textResponse } from "./responses.ts";

/**
 * The not-found handler of an app whose `paths` are served for GET and HEAD only: 405 with
 * `Allow: GET, HEAD` for another method on one of them, 404 for any other path.
 */
export function getOnlyFallback(paths: ReadonlySet<string>): NotFoundHandler {
  return (c) =>
    paths.has(c.req.path)
      ? textResponse(405, "method not allowed", { allow: "GET, HEAD" })
      : textResponse(404, "404 page not found");
}
