/**
 * Middleware writing one access-log line per request.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { type AccessLog, formatAccess } from "./log.ts";

/** Logs client address, time, method, path, status, duration and user agent; never headers. */
export function accessLog(log: AccessLog): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const info = c.env as { remoteAddr?: { hostname: string; port: number } } | undefined;
    const remote = info?.remoteAddr ? `${info.remoteAddr.hostname}:${info.remoteAddr.port}` : "-";
    log.add(formatAccess({
      remote,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: performance.now() - start,
      userAgent: c.req.header("User-Agent") ?? null,
    }));
  };
}
