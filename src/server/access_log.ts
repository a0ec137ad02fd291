/**
 * Access logging as a fetch decorator: one line per request, written by {@link AccessLogWriter}.
 * It wraps the handler rather than being a Hono middleware so that a request matching one synchronous
 * handler stays on Hono's synchronous fast path (no middleware chain, no promise per request).
 * @module
 */
import type { AccessLogWriter } from "./access_log_writer.ts";
import type { Handler } from "./listen.ts";
import type { ClientAddress } from "../http/client_address.ts";

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

/**
 * Decorates `inner` so that every request is logged to `log` with client address, time, method,
 * path (as `pathOf` reads it), status, duration and user agent; never other headers. A
 * synchronous answer stays synchronous. The client is the peer's `host:port`, or, when
 * `clientOf` names another address (one a trusted proxy forwarded), that address.
 */
export function logRequests(
  inner: Handler,
  log: AccessLogWriter,
  pathOf: (request: Request) => string,
  clientOf?: ClientAddress,
): Handler {
  const record = (
    request: Request,
    info: Deno.ServeHandlerInfo<Deno.NetAddr>,
    response: Response,
    start: number,
  ) => {
    const end = performance.now();
    const addr = info?.remoteAddr;
    const client = clientOf?.(request, info);
    log.add(formatAccess({
      remote: client !== undefined && client !== addr?.hostname
        ? client
        : addr
        ? `${addr.hostname}:${addr.port}`
        : "-",
      method: request.method,
      path: pathOf(request),
      status: response.status,
      durationMs: end - start,
      userAgent: request.headers.get("User-Agent"),
    }, performance.timeOrigin + end));
  };
  return (request, info) => {
    const start = performance.now();
    const result = inner(request, info);
    if (result instanceof Promise) {
      return result.then((response) => {
        record(request, info, response, start);
        return response;
      });
    }
    record(request, info, result, start);
    return result;
  };
}
