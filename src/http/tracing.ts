/**
 * Makes the span Deno's built-in OpenTelemetry (`OTEL_DENO=true`) opens for each served request
 * useful: named `METHOD /route` with `http.route`, the status and the request id as attributes.
 * Loaded only when tracing is on, so a process without it never loads `@opentelemetry/api`.
 *
 * Deno 2.9.6 continues a caller's trace from `traceparent` only when the header's name is sent in
 * lower case; `Traceparent` (Python's urllib, some proxies) starts a new trace. When the incoming
 * header names a trace the built-in span is not in, a server span is added in the caller's trace
 * (same name and attributes, linked to the built-in one), so the caller's trace is continued
 * whatever the header's case.
 * @module
 */

/** Sets a request's span name and attributes once its answer is known. */
export type Annotate = (
  request: Request,
  route: string | undefined,
  status: number,
  requestId: string,
  startMs: number,
) => void;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Whether the runtime exports traces (`OTEL_DENO` set to `true` or `1`). */
export function tracingEnabled(env: (name: string) => string | undefined): boolean {
  const value = env("OTEL_DENO")?.toLowerCase();
  return value === "true" || value === "1";
}

/** The span annotator, or `undefined` when tracing is off. */
export async function loadTracing(enabled: boolean): Promise<Annotate | undefined> {
  if (!enabled) return undefined;
  const { context, SpanKind, trace } = await import("@opentelemetry/api");
  const tracer = trace.getTracer("app");
  return (request, route, status, requestId, startMs) => {
    const span = trace.getActiveSpan();
    const name = route === undefined ? request.method : `${request.method} ${route}`;
    const attributes: Record<string, string | number> = {
      "http.response.status_code": status,
      "app.request_id": requestId,
    };
    if (route !== undefined) attributes["http.route"] = route;
    span?.updateName(name);
    span?.setAttributes(attributes);
    const parent = TRACEPARENT.exec(request.headers.get("traceparent") ?? "");
    if (parent === null || parent[1] === "ff" || /^0+$/.test(parent[2]) || /^0+$/.test(parent[3])) return;
    if (span !== undefined && span.spanContext().traceId === parent[2]) return;
    // The runtime missed the caller's trace: continue it with a server span of our own.
    const remote = trace.setSpanContext(context.active(), {
      traceId: parent[2],
      spanId: parent[3],
      traceFlags: parseInt(parent[4], 16) & 1,
      isRemote: true,
    });
    const ownSpan = tracer.startSpan(name, {
      kind: SpanKind.SERVER,
      startTime: performance.timeOrigin + startMs,
      attributes: {
        ...attributes,
        "http.request.method": request.method,
        "url.path": new URL(request.url).pathname,
      },
      links: span ? [{ context: span.spanContext() }] : [],
    }, remote);
    ownSpan.end();
  };
}
