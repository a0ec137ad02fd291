/**
 * The access log in the request pipeline: the request's id sent back, one line per answered
 * request, written by {@link AccessLogWriter}, and the request's metrics and trace attributes. It
 * wraps the handler rather than being a Hono middleware, so that a request matching one synchronous
 * handler stays on Hono's synchronous fast path. The id is made and logged in the same layer that
 * sends it, so that it is never read back from the response (a header lookup per request).
 * @module
 */
import type { AccessLogWriter } from "./writer.ts";
import type { Wrapper } from "../../server/handler.ts";
import { UNMATCHED_ROUTE } from "../../metrics/http_metrics.ts";
import { type AccessEntry, formatAccess, formatAccessJson } from "./format.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "../pipeline/request_id.ts";
import { withHeader } from "../with_header.ts";
import { bodyBytes } from "../responses.ts";
import type { Annotate } from "../tracing.ts";
import type { ClientAddress } from "../client_address.ts";

/** The request metrics {@link logRequests} keeps (`HttpMetrics` in `src/metrics/http_metrics.ts`). */
export interface RequestMetrics {
  /** A request started. */
  begin(): void;
  /** A request was answered (or its handler threw: 500). */
  end(path: string, method: string, status: number, seconds: number): void;
  /** The route template of a path (bounded), for the JSON log's `route` and the trace. */
  route(path: string): string;
}

/** What {@link logRequests} writes to and reads from. */
export interface LogRequestsOptions {
  log: AccessLogWriter;
  /** The path of a request as the app routes it. */
  pathOf: (request: Request) => string;
  /** JSON lines, with the route and the body size, instead of text lines. */
  json?: boolean;
  metrics?: RequestMetrics;
  /** Sets the span attributes of a traced request. */
  annotate?: Annotate;
  /** The client a trusted proxy names (see `client_address.ts`); the peer's `host:port` without it. */
  clientOf?: ClientAddress;
}

/**
 * Sends every answer back with the request's id in `x-request-id` (the caller's well-formed id or a
 * new one, see `request_id.ts`) and logs every answered request with client address, time, method,
 * path, status, duration, user agent and that id; never other headers. A synchronous answer stays
 * synchronous. The client is the peer's `host:port`, or, when `clientOf`
 * names another address (one a trusted proxy forwarded), that address.
 */
export function logRequests(options: LogRequestsOptions): Wrapper {
  const { log, pathOf, metrics, annotate, clientOf } = options;
  const format: (entry: AccessEntry, nowMs: number) => string = options.json
    ? formatAccessJson
    : formatAccess;
  const bytesOf = options.json ? bodyBytes : undefined;
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
    metrics?.end(path, request.method, response.status, (finish - start) / 1000);
    const route = metrics ? metrics.route(path) : path;
    if (annotate) {
      annotate(request, route === UNMATCHED_ROUTE ? undefined : route, response.status, requestId, start);
    }
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
  return (inner) => (request, info) => {
    const start = performance.now();
    metrics?.begin();
    const id = requestIdFor(request.headers.get(REQUEST_ID_HEADER));
    let result;
    try {
      result = inner(request, info);
    } catch (error) {
      metrics?.end(pathOf(request), request.method, 500, (performance.now() - start) / 1000);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then((response) => record(request, info, response, start, id));
    }
    return record(request, info, result, start, id);
  };
}
