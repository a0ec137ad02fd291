/**
 * Every metric a serving mode exposes, made in one place: the request metrics, login outcomes,
 * token checks, the login queue, access-log lines dropped, the process, and an info series with
 * version and mode.
 * @module
 */
import { HttpMetrics } from "./http_metrics.ts";
import { registerProcessMetrics } from "./process_metrics.ts";
import { Registry, type Series } from "./registry.ts";

/** How a login ended: a token, refused credentials (or none), or 503 (queue full, closing, crashed, overdue). */
export type LoginOutcome = "ok" | "bad_credentials" | "busy" | "limited";

/** How a token check ended: verified now, refused, or valid from the cache of verified tokens. */
export type TokenCheck = "valid" | "invalid" | "cached";

/** What {@link createAppMetrics} needs. */
export interface AppMetricsOptions {
  mode: string;
  version: string;
  /** Route templates of the HTTP service. */
  routes: readonly string[];
  /** The fair login queue: its size (logins waiting for or running a check) is read when scraped. */
  loginQueue?: { size(): number };
  /** The access log: its count of lines dropped (stdout not keeping up) is read when scraped. */
  accessLog?: { readonly dropped: number };
}

/** The metrics of one serving process. */
export interface AppMetrics {
  registry: Registry;
  http: HttpMetrics;
  /** Every metric in Prometheus's text exposition format, for `/metrics`. */
  render(): string;
  /** Counts one login outcome. */
  login(outcome: LoginOutcome): void;
  /** Counts one token check. */
  tokenCheck(result: TokenCheck): void;
}

/** Registers every family and pre-resolves the fixed label sets. */
export function createAppMetrics(options: AppMetricsOptions): AppMetrics {
  const registry = new Registry();
  registry.gauge("app_info", "Always 1; the labels carry the build's version and the serving mode.")
    .series({ version: options.version, mode: options.mode, deno: Deno.version.deno }).inc();
  const http = new HttpMetrics(registry, options.routes);
  const logins = registry.counter(
    "app_logins_total",
    "Logins by outcome: ok, bad_credentials, busy (503), limited (429: too many failures).",
  );
  const loginSeries: Record<LoginOutcome, Series> = {
    ok: logins.series({ outcome: "ok" }),
    bad_credentials: logins.series({ outcome: "bad_credentials" }),
    busy: logins.series({ outcome: "busy" }),
    limited: logins.series({ outcome: "limited" }),
  };
  const checks = registry.counter(
    "app_token_checks_total",
    "Bearer token checks by result: valid (verified), invalid, cached (valid, from the cache).",
  );
  const checkSeries: Record<TokenCheck, Series> = {
    valid: checks.series({ result: "valid" }),
    invalid: checks.series({ result: "invalid" }),
    cached: checks.series({ result: "cached" }),
  };
  const { loginQueue, accessLog } = options;
  if (loginQueue) {
    registry.gaugeFrom(
      "app_bcrypt_queue_depth",
      "Logins waiting for or running a bcrypt password check (the fair login queue).",
      () => loginQueue.size(),
    );
  }
  if (accessLog) {
    registry.gaugeFrom(
      "app_access_log_dropped_lines_total",
      "Access-log lines dropped because stdout was not keeping up.",
      () => accessLog.dropped,
      "counter",
    );
  }
  registerProcessMetrics(registry);
  return {
    registry,
    http,
    render: () => registry.render(),
    login: (outcome) => loginSeries[outcome].value++,
    tokenCheck: (result) => checkSeries[result].value++,
  };
}
