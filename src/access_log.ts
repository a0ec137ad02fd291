/**
 * Access logging around a Hono app's `fetch`: one line per request, written by {@link AccessLog}.
 * It wraps `fetch` rather than being a middleware so that a request matching one synchronous
 * handler stays on Hono's synchronous fast path (no middleware chain, no promise per request).
 * @module
 */
import type { Hono } from "hono";
import { type AccessLog, formatAccess } from "./log.ts";

type ConnInfo = { remoteAddr?: { hostname: string; port: number } } | undefined;

function record(
  log: AccessLog,
  app: Hono,
  request: Request,
  env: unknown,
  response: Response,
  start: number,
) {
  const end = performance.now();
  const addr = (env as ConnInfo)?.remoteAddr;
  log.add(formatAccess({
    remote: addr ? `${addr.hostname}:${addr.port}` : "-",
    method: request.method,
    path: app.getPath(request, { env }),
    status: response.status,
    durationMs: end - start,
    userAgent: request.headers.get("User-Agent"),
  }, performance.timeOrigin + end));
}

/**
 * Makes `app.fetch` log client address, time, method, path, status, duration and user agent of
 * every request; never other headers.
 */
export function logRequests(app: Hono, log: AccessLog): void {
  const inner = app.fetch;
  app.fetch = (request: Request, env?: unknown, executionCtx?: unknown) => {
    const start = performance.now();
    const result = (inner as (r: Request, e?: unknown, x?: unknown) => Response | Promise<Response>)(
      request,
      env,
      executionCtx,
    );
    if (result instanceof Promise) {
      return result.then((response) => {
        record(log, app, request, env, response, start);
        return response;
      });
    }
    record(log, app, request, env, result, start);
    return result;
  };
}
