/**
 * The request pipelines, in one place: every layer a request to the HTTP service or to the health
 * port goes through, outermost first. Each layer is its own module under `pipeline/` (the access
 * log under `access_log/`); they are composed once, at start-up.
 * @module
 */
import type { Handler, Wrapper } from "../server/handler.ts";
import type { Drain } from "../server/drain.ts";
import type { InFlight } from "../server/in_flight.ts";
import type { AccessLogWriter } from "./access_log/writer.ts";
import { logRequests, type RequestMetrics } from "./access_log/log_requests.ts";
import type { Annotate } from "./tracing.ts";
import type { ClientAddress } from "./client_address.ts";
import { trackInFlight } from "./pipeline/track_in_flight.ts";
import { closeWhileDraining } from "./pipeline/close_while_draining.ts";
import { closeIfBodyUnread } from "./pipeline/close_if_body_unread.ts";
import { requireHost } from "./pipeline/require_host.ts";
import { headAsGet } from "./pipeline/head_as_get.ts";

/** What the HTTP service's pipeline is made of. */
export interface ServiceParts {
  /** The mode's app (a Hono app): its `fetch`, and the path it routes a request by. */
  app: { fetch: Handler; getPath(request: Request): string };
  /** Set by the lifecycle when a shutdown begins. */
  drain: Drain;
  /** Waited for by the lifecycle at shutdown. */
  inFlight: InFlight;
  log: AccessLogWriter;
  /** JSON access-log lines (`-log-format json`). */
  json: boolean;
  metrics?: RequestMetrics;
  annotate?: Annotate;
  clientOf?: ClientAddress;
}

/** The HTTP service's handler: its app behind {@link serviceLayers}. */
export function servicePipeline(parts: ServiceParts): Handler {
  return compose(parts.app.fetch, Object.values(serviceLayers(parts)));
}

/** The HTTP service's layers by name, outermost first (named so that a benchmark can leave one out). */
export function serviceLayers(parts: ServiceParts): Record<string, Wrapper> {
  const { app } = parts;
  return {
    // Counts the request until it is answered: a shutdown waits for these, not for idle connections.
    trackInFlight: trackInFlight(parts.inFlight),
    // During a drain, every answer closes its connection.
    closeWhileDraining: closeWhileDraining(parts.drain),
    // An answer to a request whose body nobody read closes its connection.
    closeIfBodyUnread,
    // The caller's well-formed `X-Request-Id` or a new one sent back, one access-log line, the metrics
    // and the trace attributes, for every answer below (400s too).
    logRequests: logRequests({
      log: parts.log,
      pathOf: (request) => app.getPath(request),
      json: parts.json,
      metrics: parts.metrics,
      annotate: parts.annotate,
      clientOf: parts.clientOf,
    }),
    // 400 without `Host`: HTTP/1.x without it, or h2c.
    requireHost,
    // HEAD served as GET, keeping the GET's `Content-Length`.
    headAsGet,
  };
}

/** The health port's handler (probes and metrics: no access log, no request id, no drain). */
export function healthPipeline(app: { fetch: Handler }): Handler {
  return compose(app.fetch, [
    // 400 without `Host`: HTTP/1.x without it, or h2c.
    requireHost,
  ]);
}

/** `handler` inside `layers`, the first one outermost. */
export function compose(handler: Handler, layers: readonly Wrapper[]): Handler {
  return layers.reduceRight((inner, wrap) => wrap(inner), handler);
}
