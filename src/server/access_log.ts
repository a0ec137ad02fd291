/**
 * Access logging around a Hono app's `fetch`: one line per request, written by {@link AccessLog}.
 * It wraps `fetch` rather than being a middleware so that a request matching one synchronous
 * handler stays on Hono's synchronous fast path (no middleware chain, no promise per request).
 * @module
 */
import type { Hono } from "hono";
import type { AccessLog } from "./access_log_writer.ts";

/** Fields of one access-log line. */
export interface AccessEntry {
  remote: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userAgent: string | null;
}

let cachedSecond = -1;
let cachedStamp = "";

function stamp(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedStamp = new Date(second * 1000).toUTCString().replace("GMT", "UTC");
  }
  return cachedStamp;
}

// Characters JSON.stringify may escape; most request lines and user agents have none.
// deno-lint-ignore no-control-regex -- control characters are exactly what this looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;

/** `text` as a JSON string literal, without JSON.stringify's work when nothing needs escaping. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Formats an access-log line: the Go original's fields plus status and duration. */
export function formatAccess(entry: AccessEntry, nowMs = Date.now()): string {
  const path = entry.path.length > 2048 ? `${entry.path.slice(0, 2048)}...` : entry.path;
  const agent = entry.userAgent === null ? "-" : quote(entry.userAgent.slice(0, 256));
  return `${entry.remote} - - [${stamp(nowMs)}] ${quote(`${entry.method} ${path} HTTP/1.1`)} ` +
    `${entry.status} ${entry.durationMs.toFixed(3)}ms ${agent}\n`;
}

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
