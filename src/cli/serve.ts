/**
 * Wires a serving mode together: config -> metrics, token service, password check, apps -> the
 * request pipelines (`src/http/pipeline.ts`) -> servers; and what SIGHUP re-reads.
 * @module
 */
import { buildApp, type Route } from "../http/app.ts";
import { createBcryptWorkerClient } from "../auth/bcrypt_worker_client.ts";
import { createClientShare } from "../auth/fair_share.ts";
import type { ServeConfig } from "./config.ts";
import { HealthState } from "../server/health_state.ts";
import { AccessLogWriter } from "../http/access_log/writer.ts";
import { healthPipeline, servicePipeline } from "../http/pipeline.ts";
import { Drain } from "../server/drain.ts";
import { InFlight } from "../server/in_flight.ts";
import { logLine, setLogFormat } from "../server/log.ts";
import { SighupRegistry } from "../server/sighup.ts";
import { checksPasswords, type Mode, MODES } from "./modes.ts";
import { healthApp } from "../../routes/health.ts";
import { startServers } from "../server/lifecycle.ts";
import { tokenSetup } from "./token_setup.ts";
import { createPasswordCheck, matchesNothing } from "../auth/password.ts";
import { createAppMetrics } from "../metrics/app_metrics.ts";
import { VERSION } from "../util/version.ts";
import { loadTracing, tracingEnabled } from "../http/tracing.ts";
import { loadUsers } from "./users_setup.ts";
import { createLoginLimiter } from "../auth/login_limiter.ts";
import { clientAddressFor } from "../http/client_address.ts";
import type { Io } from "./io.ts";

/** Serves `mode` until a signal shuts it down; resolves the exit code. */
export async function runMode(mode: Mode, config: ServeConfig, io: Io): Promise<number> {
  setLogFormat(config.logFormat);
  // Before anything else: an invalid users file is a start-up error of one line.
  const users = checksPasswords(mode) ? loadUsers(config.usersFile, config.maxBcryptCost) : undefined;
  logLine(mode === "auth" ? "Starting Auth service..." : "Starting server...");
  const state = new HealthState();
  const routes: readonly Route[] = MODES[mode];
  const log = new AccessLogWriter();
  const loginShare = createClientShare();
  const metrics = createAppMetrics({
    mode,
    version: VERSION,
    routes: routes.map((route) => route.path),
    loginQueue: checksPasswords(mode) ? loginShare : undefined,
    accessLog: log,
  });
  const tokens = await tokenSetup(mode, config, state, metrics.tokenCheck);
  if (tokens.usesDefaultSecret) {
    logLine(
      `signing and verifying tokens with the default secret "secret" from the course; ` +
        `set -secret-file or APP_SECRET outside a demo`,
      "warn",
    );
  }
  if (tokens.refusesHs256) {
    logLine(
      `HS256 tokens are refused: keys verify, and the course's secret is not used beside them; ` +
        `set -secret-file or APP_SECRET to accept both`,
    );
  }
  const bcrypt = checksPasswords(mode)
    ? createBcryptWorkerClient({ deadlineMs: config.bcryptTimeoutMs })
    : undefined;
  const clientAddress = clientAddressFor(config.trustedProxies);
  const drain = new Drain();
  const reloads = new SighupRegistry();
  // One owner of the secrets: SIGHUP makes the secret file's watcher read now instead of within a second.
  const secretFile = tokens.secretFile;
  if (secretFile) reloads.onReload(`secret file ${JSON.stringify(secretFile.path)}`, secretFile.reload);
  const app = buildApp(routes, {
    tokens: tokens.tokens,
    jwks: tokens.jwks,
    checkPassword: createPasswordCheck(bcrypt?.compare ?? matchesNothing, users?.source),
    version: VERSION,
    loginShare,
    onLogin: metrics.login,
    clientAddress,
    loginLimiter: createLoginLimiter({
      failures: config.loginFailures,
      windowMs: config.loginWindowMs,
      capacity: config.loginClients,
    }),
  });
  const inFlight = new InFlight();
  const servers = startServers({
    http: config.http,
    health: config.health,
    handler: servicePipeline({
      app,
      drain,
      inFlight,
      log,
      json: config.logFormat === "json",
      metrics: metrics.http,
      annotate: loadTracing(tracingEnabled(io.env)),
      clientOf: config.trustedProxies.length > 0 ? clientAddress : undefined,
    }),
    healthHandler: healthPipeline(healthApp(state, metrics.render)),
    state,
    drain,
    inFlight,
    drainMs: config.drainMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onAbort: (withinMs) => log.flushWithin(withinMs),
    // Logins still queued for bcrypt at the timeout answer 503 + Retry-After rather than a closed connection.
    onTimeout: () => bcrypt?.close(),
    onClosed: async (remainingMs) => {
      tokens.close();
      users?.stop();
      bcrypt?.close();
      await log.flushWithin(remainingMs);
    },
    onHangup: () => void reloads.reloadAll(),
  });
  return await servers.exited;
}
