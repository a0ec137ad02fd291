/**
 * Wires a serving mode together: config -> metrics, token service, password check, apps -> the
 * fetch decorators (HEAD as GET, h2c refusal, request id, metrics and access log inside, unread
 * bodies and drain outside) -> servers; and what SIGHUP re-reads.
 * @module
 */
import { buildApp, type Route } from "../http/app.ts";
import { bodyBytes } from "../http/responses.ts";
import { headAsGet } from "../http/head.ts";
import { createBcryptWorkerClient } from "../auth/bcrypt_worker_client.ts";
import { createClientShare } from "../auth/fair_share.ts";
import { readSecretFile, type ServeConfig } from "./config.ts";
import { HealthState } from "../server/health_state.ts";
import { formatAccessJson, logRequests } from "../server/access_log.ts";
import { AccessLogWriter } from "../server/access_log_writer.ts";
import { closeWhileDraining, Drain } from "../server/drain.ts";
import { closeIfBodyUnread, refuseH2c } from "../server/edge/request_guards.ts";
import { logLine, setLogFormat } from "../server/log.ts";
import { ReloadRegistry } from "../server/edge/reload.ts";
import { checksPasswords, type Mode, MODES } from "./modes.ts";
import { healthApp } from "../../routes/health.ts";
import { startServers } from "../server/lifecycle.ts";
import { createTokenService, type TokenOptions, type TokenService } from "../auth/tokens.ts";
import { createPasswordCheck } from "../auth/users.ts";
import { createAppMetrics } from "../metrics/app_metrics.ts";
import { VERSION } from "../util/version.ts";
import { loadTracing, tracingEnabled } from "../http/tracing.ts";
import type { Io } from "./io.ts";

/** The token service for `config`, swapped for one with the new secret when SIGHUP re-reads the file. */
function reloadableTokens(
  config: ServeConfig,
  reloads: ReloadRegistry,
  onCheck: TokenOptions["onCheck"],
): TokenService {
  let current = createTokenService({ secret: config.secret, onCheck });
  let secret = config.secret;
  const path = config.secretFile;
  if (path !== undefined) {
    reloads.onReload(`secret file ${JSON.stringify(path)}`, () => {
      const next = readSecretFile(path);
      if (next === secret) return "unchanged";
      current = createTokenService({ secret: next, onCheck });
      secret = next;
      return "changed: tokens signed with the old secret are no longer accepted";
    });
  }
  return { sign: (user) => current.sign(user), verify: (token) => current.verify(token) };
}

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
  const log = new AccessLogWriter();
  const state = new HealthState();
  const drain = new Drain();
  const reloads = new ReloadRegistry();
  const loginShare = createClientShare();
  const metrics = createAppMetrics({
    mode,
    version: VERSION,
    routes: routes.map((route) => route.path),
    loginQueueDepth: checksPasswords(mode) ? () => loginShare.size() : undefined,
    accessLogDropped: () => log.dropped,
  });
  const app = buildApp(routes, {
    tokens: reloadableTokens(config, reloads, metrics.tokenCheck),
    checkPassword: createPasswordCheck(bcrypt ? bcrypt.compare : () => Promise.resolve(false)),
    version: VERSION,
    loginShare,
    onLogin: metrics.login,
  });
  const { http } = metrics;
  const annotate = loadTracing(tracingEnabled(io.env));
  const observed = logRequests(refuseH2c(headAsGet(app.fetch)), log, (request) => app.getPath(request), {
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
    handler: closeWhileDraining(closeIfBodyUnread(observed), drain),
    healthHandler: refuseH2c(healthApp(state, () => metrics.registry.render()).fetch),
    state,
    drain,
    drainMs: config.drainMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onAbort: (withinMs) => log.flushWithin(withinMs),
    onClosed: async (remainingMs) => {
      bcrypt?.close();
      await log.flushWithin(remainingMs);
    },
    onHangup: () => void reloads.reloadAll(),
  });
  return await servers.exited;
}
