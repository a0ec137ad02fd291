/**
 * Access logging as a fetch decorator: one line per request, written by {@link AccessLogWriter},
 * with the request's id (see `request_id.ts`) and, when given, its metrics and trace attributes.
 * It wraps the handler rather than being a Hono middleware so that a request matching one
 * synchronous handler stays on Hono's synchronous fast path (no middleware chain, no promise
 * per request).
 * @module
 */
import type { AccessLogWriter } from "../server/access_log_writer.ts";
import { withHeader } from "../server/with_header.ts";
import type { Handler } from "../server/listen.ts";
import { UNMATCHED_ROUTE } from "../metrics/http_metrics.ts";
import { type AccessEntry, formatAccess } from "../server/access_format.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "./request_id.ts";
import type { Annotate } from "./tracing.ts";
import type { ClientAddress } from "./client_address.ts";

export { type AccessEntry, formatAccess, formatAccessJson } from "../server/access_format.ts";

/** What else sees each request: metrics, and the span of a traced request. */
export interface RequestObservers {
  /** Formats a line; {@link formatAccess} (text) by default. */
  format?: (entry: AccessEntry, nowMs: number) => string;
  /** The route template of a path (bounded), for the JSON log's `route`. */
  routeOf?: (path: string) => string;
  /** Called when a request starts. */
  begin?: () => void;
  /** Called with the answered request. */
  end?: (path: string, method: string, status: number, seconds: number) => void;
  /** The body size of a response, for the JSON log's `bytes`; not read when absent. */
  bytesOf?: (response: Response) => number | null;
  /** Called with the request, its route template (undefined if none), status, id and start time (traces). */
  annotate?: Annotate;
  /** The client a trusted proxy names (see `client_address.ts`); the peer's `host:port` without it. */
  clientOf?: ClientAddress;
}

/**
 * Decorates `inner` so that every request gets a request id (sent back as `x-request-id`) and is
 * logged to `log` with client address, time, method, path (as `pathOf` reads it), status,
 * duration, user agent and id; never other headers. A synchronous answer stays synchronous. The
 * client is the peer's `host:port`, or, when `clientOf` names another address (one a trusted
 * proxy forwarded), that address.
 */
export function logRequests(
  inner: Handler,
  log: AccessLogWriter,
  pathOf: (request: Request) => string,
  observers: RequestObservers = {},
): Handler {
  const { begin, end, annotate, routeOf, bytesOf, clientOf } = observers;
  const format = observers.format ?? formatAccess;
  const record = (
    request: Request,
    info: Deno.ServeHandlerInfo<Deno.NetAddr>,
    answer: Response,
    start: number,
    requestId: string,
  ): Response => {
    const response = withHeader(answer, REQUEST_ID_HEADER, requestId);
    const finish = performance.now();
    const addr = info?.remoteAddr;
    const path = pathOf(request);
    const seconds = (finish - start) / 1000;
    end?.(path, request.method, response.status, seconds);
    const route = routeOf ? routeOf(path) : path;
    annotate?.(request, route === UNMATCHED_ROUTE ? undefined : route, response.status, requestId, start);
    const client = clientOf?.(request, info);
    log.add(format({
      remote: client !== undefined && client !== addr?.hostname
        ? client
        : addr
        ? `${addr.hostname}:${addr.port}`
        : "-",
      method: request.method,
      path,
      route,
      status: response.status,
      durationMs: finish - start,
      bytes: bytesOf ? bytesOf(response) : null,
      userAgent: request.headers.get("User-Agent"),
      requestId,
    }, performance.timeOrigin + finish));
    return response;
  };
  return (request, info) => {
    const start = performance.now();
    begin?.();
    const requestId = requestIdFor(request.headers.get("x-request-id"));
    let result;
    try {
      result = inner(request, info);
    } catch (error) {
      end?.(pathOf(request), request.method, 500, (performance.now() - start) / 1000);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then((response) => record(request, info, response, start, requestId));
    }
    return record(request, info, result, start, requestId);
  };
}
