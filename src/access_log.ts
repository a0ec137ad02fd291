/**
 * Middleware writing one access-log line per request.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { type AccessLog, formatAccess } from "./log.ts";

type ConnInfo = { remoteAddr?: { hostname: string; port: number } } | undefined;

/** Logs client address, time, method, path, status, duration and user agent; never headers. */
export function accessLog(log: AccessLog): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const end = performance.now();
    const addr = (c.env as ConnInfo)?.remoteAddr;
    log.add(formatAccess({
      remote: addr ? `${addr.hostname}:${addr.port}` : "-",
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: end - start,
      userAgent: c.req.header("User-Agent") ?? null,
    }, performance.timeOrigin + end));
  };
}
