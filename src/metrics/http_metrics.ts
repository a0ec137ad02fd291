/**
 * The HTTP service's request metrics: a counter by route template, method and status, a duration
 * histogram by route, and requests in flight. Label values are bounded (served routes, a fixed
 * set of methods, the status) and every child is resolved once and kept, so recording a request
 * allocates nothing after its first occurrence.
 * @module
 */
import type { HistogramSeries, Registry, Series } from "./registry.ts";

/**
 * Upper bounds of the duration buckets, in seconds: fine below a millisecond (a hello) and around
 * 50-100 ms (a login's bcrypt comparison); see docs/decisions/metrics-registry.md.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0.0001,
  0.00025,
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.075,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];

/** The `route` label of a request no route serves: one value, never the raw path. */
export const UNMATCHED_ROUTE = "unmatched";

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"] as const;

function methodIndex(method: string): number {
  switch (method) {
    case "GET":
      return 0;
    case "HEAD":
      return 1;
    case "POST":
      return 2;
    case "PUT":
      return 3;
    case "DELETE":
      return 4;
    case "PATCH":
      return 5;
    case "OPTIONS":
      return 6;
    default:
      return 7;
  }
}

/** Request metrics of one HTTP service whose route templates are `routes`. */
export class HttpMetrics {
  readonly inFlight: Series;
  #routes: readonly string[];
  #routeIndex: Map<string, number>;
  #byStatus: Map<number, Series>[];
  #durations: HistogramSeries[];
  #requests;

  constructor(registry: Registry, routes: readonly string[]) {
    this.#routes = [...routes, UNMATCHED_ROUTE];
    this.#routeIndex = new Map(routes.map((route, i) => [route, i]));
    this.#requests = registry.counter(
      "app_http_requests_total",
      "HTTP requests answered, by route template, method and status.",
    );
    const durations = registry.histogram(
      "app_http_request_duration_seconds",
      "Time from receiving a request to its response being ready, by route template.",
      DURATION_BUCKETS,
    );
    this.#durations = this.#routes.map((route) => durations.series({ route }));
    this.#byStatus = Array.from({ length: this.#routes.length * METHODS.length }, () => new Map());
    this.inFlight = registry.gauge("app_http_requests_in_flight", "HTTP requests being handled.").series();
  }

  /** The route template serving `path` (a served path), or {@link UNMATCHED_ROUTE}. */
  route(path: string): string {
    const index = this.#routeIndex.get(path);
    return index === undefined ? UNMATCHED_ROUTE : this.#routes[index];
  }

  /** A request started: one more in flight. */
  begin(): void {
    this.inFlight.value++;
  }

  /** A request was answered: one fewer in flight, counted and timed by {@link record}. */
  end(path: string, method: string, status: number, seconds: number): void {
    this.inFlight.value--;
    this.record(path, method, status, seconds);
  }

  /** Counts one answered request for `path` and records how long it took. */
  record(path: string, method: string, status: number, seconds: number): void {
    const route = this.#routeIndex.get(path) ?? this.#routes.length - 1;
    const method_ = methodIndex(method);
    const statuses = this.#byStatus[route * METHODS.length + method_];
    let series = statuses.get(status);
    if (series === undefined) {
      series = this.#requests.series({
        route: this.#routes[route],
        method: METHODS[method_],
        status: String(status),
      });
      statuses.set(status, series);
    }
    series.value++;
    this.#durations[route].observe(seconds);
  }
}
