/**
 * Every metric a serving mode exposes, made in one place: the request metrics, login outcomes,
 * token checks, the bcrypt queue, the process, and an info series with version and mode.
 * @module
 */
import { HttpMetrics } from "./http_metrics.ts";
import { registerProcessMetrics } from "./process_metrics.ts";
import { Registry, type Series } from "./registry.ts";

/** How a login ended: a token, refused credentials (or none), or 503 (queue full, closing, crashed). */
export type LoginOutcome = "ok" | "bad_credentials" | "busy";

/** How a token check ended: verified now, refused, or valid from the cache of verified tokens. */
export type TokenCheck = "valid" | "invalid" | "cached";

/** What {@link createAppMetrics} needs. */
export interface AppMetricsOptions {
  mode: string;
  version: string;
  /** Route templates of the HTTP service. */
  routes: readonly string[];
  /** Jobs queued or running in the bcrypt worker, read when scraped; omitted if not given. */
  bcryptQueueDepth?: () => number;
}

/** The metrics of one serving process. */
export interface AppMetrics {
  registry: Registry;
  http: HttpMetrics;
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
  const logins = registry.counter("app_logins_total", "Logins by outcome: ok, bad_credentials, busy (503).");
  const loginSeries: Record<LoginOutcome, Series> = {
    ok: logins.series({ outcome: "ok" }),
    bad_credentials: logins.series({ outcome: "bad_credentials" }),
    busy: logins.series({ outcome: "busy" }),
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
  if (options.bcryptQueueDepth) {
    registry.gaugeFrom(
      "app_bcrypt_queue_depth",
      "Password checks queued or running in the bcrypt worker.",
      options.bcryptQueueDepth,
    );
  }
  registerProcessMetrics(registry);
  return {
    registry,
    http,
    login: (outcome) => loginSeries[outcome].value++,
    tokenCheck: (result) => checkSeries[result].value++,
  };
}
