/**
 * The access log in the request pipeline: one line per answered request, written by
 * {@link AccessLogWriter}, and the request's metrics and trace attributes. It wraps the handler
 * rather than being a Hono middleware, so that a request matching one synchronous handler stays on
 * Hono's synchronous fast path.
 * @module
 */
import type { AccessLogWriter } from "./writer.ts";
import type { Wrapper } from "../../server/handler.ts";
import { UNMATCHED_ROUTE } from "../../metrics/http_metrics.ts";
import { type AccessEntry, formatAccess, formatAccessJson } from "./format.ts";
import { REQUEST_ID_HEADER } from "../pipeline/request_id.ts";
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
 * Logs every answered request with client address, time, method, path, status, duration, user
 * agent and the id its answer carries in `x-request-id` (see `request_id.ts`); never other headers.
 * A synchronous answer stays synchronous. The client is the peer's `host:port`, or, when `clientOf`
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
    response: Response,
    start: number,
  ): Response => {
    const finish = performance.now();
    const addr = info?.remoteAddr;
    const path = pathOf(request);
    metrics?.end(path, request.method, response.status, (finish - start) / 1000);
    const route = metrics ? metrics.route(path) : path;
    const requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
    if (annotate && requestId !== undefined) {
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
    let result;
    try {
      result = inner(request, info);
    } catch (error) {
      metrics?.end(pathOf(request), request.method, 500, (performance.now() - start) / 1000);
      throw error;
    }
    if (result instanceof Promise) return result.then((response) => record(request, info, response, start));
    return record(request, info, result, start);
  };
}
