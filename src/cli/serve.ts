/**
 * Wires a serving mode together: config -> metrics, token service, password check, apps -> the
 * fetch decorators (request id, metrics and access log inside, drain outside) -> servers.
 * @module
 */
import { buildApp, type Route } from "../http/app.ts";
import { bodyBytes } from "../http/responses.ts";
import { createBcryptWorkerClient } from "../auth/bcrypt_worker_client.ts";
import type { ServeConfig } from "./config.ts";
import { HealthState } from "../server/health_state.ts";
import { formatAccessJson, logRequests } from "../server/access_log.ts";
import { AccessLogWriter } from "../server/access_log_writer.ts";
import { closeWhileDraining, Drain } from "../server/drain.ts";
import { logLine, setLogFormat } from "../server/log.ts";
import { checksPasswords, type Mode, MODES } from "./modes.ts";
import { healthApp } from "../../routes/health.ts";
import { startServers } from "../server/lifecycle.ts";
import { createTokenService } from "../auth/tokens.ts";
import { createPasswordCheck } from "../auth/users.ts";
import { createAppMetrics } from "../metrics/app_metrics.ts";
import { VERSION } from "../util/version.ts";
import { loadTracing, tracingEnabled } from "../http/tracing.ts";
import type { Io } from "./io.ts";

/** Serves `mode` until a signal shuts it down; resolves the exit code. */
export async function runMode(mode: Mode, config: ServeConfig, io: Io): Promise<number> {
  setLogFormat(config.logFormat);
  logLine(mode === "auth" ? "Starting Auth service..." : "Starting server...");
  if (config.secretSource === "default") {
    logLine(
      `signing and verifying tokens with the default secret "secret" from the course; ` +
        `set -secret-file or APP_SECRET outside a demo`,
      "warn",
    );
  }
  const routes: readonly Route[] = MODES[mode];
  const bcrypt = checksPasswords(mode) ? createBcryptWorkerClient() : undefined;
  const metrics = createAppMetrics({
    mode,
    version: VERSION,
    routes: routes.map((route) => route.path),
    bcryptQueueDepth: bcrypt?.depth,
  });
  const log = new AccessLogWriter();
  const state = new HealthState();
  const drain = new Drain();
  const app = buildApp(routes, {
    tokens: createTokenService({ secret: config.secret, onCheck: metrics.tokenCheck }),
    checkPassword: createPasswordCheck(bcrypt ? bcrypt.compare : () => Promise.resolve(false)),
    version: VERSION,
    onLogin: metrics.login,
  });
  const { http } = metrics;
  const annotate = await loadTracing(tracingEnabled(io.env));
  const observed = logRequests(app.fetch, log, (request) => app.getPath(request), {
    format: config.logFormat === "json" ? formatAccessJson : undefined,
    bytesOf: config.logFormat === "json" ? bodyBytes : undefined,
    routeOf: (path) => http.route(path),
    begin: () => http.inFlight.value++,
    end: (path, method, status, seconds) => {
      http.inFlight.value--;
      http.record(path, method, status, seconds);
    },
    annotate,
  });
  const servers = startServers({
    http: config.http,
    health: config.health,
    handler: closeWhileDraining(observed, drain),
    healthHandler: healthApp(state, () => metrics.registry.render()).fetch,
    state,
    drain,
    drainMs: config.drainMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onAbort: () => log.flushSync(),
    onClosed: async () => {
      bcrypt?.close();
      await log.flush();
    },
  });
  return await servers.exited;
}
