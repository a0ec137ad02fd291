/**
 * Makes the span Deno's built-in OpenTelemetry (`OTEL_DENO=true`) opens for each served request
 * useful: named `METHOD /route` with `http.route`, the status and the request id as attributes.
 * It talks to `Deno.telemetry` (the runtime's own implementation of the OpenTelemetry API), so the
 * binary carries no OpenTelemetry package, and does nothing when tracing is off.
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

/** The variable that turns Deno's OpenTelemetry on; the only non-`APP_*` one the app reads. */
export const TRACING_ENV = "OTEL_DENO";

/** Whether the runtime exports traces (`OTEL_DENO` set to `true` or `1`). */
export function tracingEnabled(env: (name: string) => string | undefined): boolean {
  const value = env(TRACING_ENV)?.toLowerCase();
  return value === "true" || value === "1";
}

// The parts of the OpenTelemetry JS API (@opentelemetry/api 1.x) used here. Deno implements them
// itself (`Deno.telemetry`, also registered as the API's global), so the npm package (3 MB in the
// binary) is not needed: only its key for the active span in a context.
const SPAN_KEY = Symbol.for("OpenTelemetry Context Key SPAN");
const SERVER = 1; // SpanKind.SERVER

interface SpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
}
interface Span {
  spanContext(): SpanContext;
  updateName(name: string): unknown;
  setAttributes(attributes: Record<string, string | number>): unknown;
  end(): void;
}
interface Context {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): Context;
}
interface Telemetry {
  tracerProvider: {
    getTracer(name: string): {
      startSpan(name: string, options: Record<string, unknown>, context?: Context): Span;
    };
  };
  contextManager: { active(): Context };
}

/** A stand-in for the caller's span, as the API's `trace.wrapSpanContext` makes (never recorded). */
function remoteSpan(context: SpanContext): Span {
  return {
    spanContext: () => context,
    updateName: () => {},
    setAttributes: () => {},
    end: () => {},
    isRecording: () => false,
  } as Span;
}

/** The span annotator, or `undefined` when tracing is off (or the runtime has no `Deno.telemetry`). */
export function loadTracing(enabled: boolean): Annotate | undefined {
  const telemetry = (Deno as unknown as { telemetry?: Telemetry }).telemetry;
  if (!enabled || telemetry === undefined) return undefined;
  const { contextManager } = telemetry;
  const tracer = telemetry.tracerProvider.getTracer("app");
  return (request, route, status, requestId, startMs) => {
    const active = contextManager.active();
    const span = active.getValue(SPAN_KEY) as Span | undefined;
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
    const remote = active.setValue(
      SPAN_KEY,
      remoteSpan({
        traceId: parent[2],
        spanId: parent[3],
        traceFlags: parseInt(parent[4], 16) & 1,
        isRemote: true,
      }),
    );
    const ownSpan = tracer.startSpan(name, {
      kind: SERVER,
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
