/**
 * A small OTLP/HTTP receiver for `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`: accepts
 * `POST /v1/traces` (and answers 200 to logs and metrics without keeping them) on a loopback port
 * and keeps every span it is sent, flattened.
 * @module
 */
import { within } from "../../scripts/lib/wait.ts";

/** A received span, with its attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** Attributes of the resource that sent it (e.g. `service.name`). */
  resource: Record<string, string | number | boolean>;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string;
  spans: ReceivedSpan[];
  /** Resolves the first span `match` accepts, rejecting after `timeoutMs`. */
  waitFor(match: (span: ReceivedSpan) => boolean, timeoutMs?: number): Promise<ReceivedSpan>;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
type KeyValue = { key: string; value: AnyValue };

function attributes(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
      value.doubleValue ?? value.boolValue ?? JSON.stringify(value);
  }
  return out;
}

/** Starts the receiver on `127.0.0.1:0`. */
export function startOtlpReceiver(): OtlpReceiver {
  const spans: ReceivedSpan[] = [];
  let wake = () => {};
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    const body = await request.text();
    if (request.method === "POST" && url.pathname === "/v1/traces") {
      const payload = JSON.parse(body);
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const resource = attributes(resourceSpans.resource?.attributes);
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? "",
              name: span.name,
              kind: span.kind,
              attributes: attributes(span.attributes),
              resource,
            });
          }
        }
      }
      wake();
    }
    return Response.json({});
  });
  return {
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    spans,
    waitFor(match, timeoutMs = 10_000) {
      const found = new Promise<ReceivedSpan>((resolve) => {
        wake = () => {
          const span = spans.find(match);
          if (span) {
            wake = () => {};
            resolve(span);
          }
        };
        wake();
      });
      return within(found, timeoutMs, () => {
        wake = () => {};
        return `no matching span in ${timeoutMs} ms; received:\n${JSON.stringify(spans, null, 1)}`;
      });
    },
    close: () => server.shutdown(),
  };
}
