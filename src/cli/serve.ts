/**
 * Wires a serving mode together: config -> token service, password check, apps -> the fetch
 * decorators (HEAD as GET, h2c refusal and access log inside, unread bodies and drain outside) -> servers; and
 * what SIGHUP re-reads.
 * @module
 */
import { buildApp } from "../http/app.ts";
import { headAsGet } from "../http/head.ts";
import { createBcryptWorkerClient } from "../auth/bcrypt_worker_client.ts";
import { createClientShare } from "../auth/fair_share.ts";
import { readSecretFile, type ServeConfig } from "./config.ts";
import { HealthState } from "../server/health_state.ts";
import { logRequests } from "../server/access_log.ts";
import { AccessLogWriter } from "../server/access_log_writer.ts";
import { closeWhileDraining, Drain } from "../server/drain.ts";
import { closeIfBodyUnread, refuseH2c } from "../server/edge/request_guards.ts";
import { logLine } from "../server/log.ts";
import { ReloadRegistry } from "../server/edge/reload.ts";
import { checksPasswords, type Mode, MODES } from "./modes.ts";
import { healthApp } from "../../routes/health.ts";
import { startServers } from "../server/lifecycle.ts";
import { createTokenService, type TokenService } from "../auth/tokens.ts";
import { createPasswordCheck } from "../auth/users.ts";
import { VERSION } from "../util/version.ts";
import type { Io } from "./io.ts";
import { loadUsers } from "./users.ts";
import { createLoginLimiter } from "../auth/login_limiter.ts";
import { clientAddressFor } from "../http/client_address.ts";

/** The token service for `config`, swapped for one with the new secret when SIGHUP re-reads the file. */
function reloadableTokens(config: ServeConfig, reloads: ReloadRegistry): TokenService {
  let current = createTokenService({ secret: config.secret });
  let secret = config.secret;
  const path = config.secretFile;
  if (path !== undefined) {
    reloads.onReload(`secret file ${JSON.stringify(path)}`, () => {
      const next = readSecretFile(path);
      if (next === secret) return "unchanged";
      current = createTokenService({ secret: next });
      secret = next;
      return "changed: tokens signed with the old secret are no longer accepted";
    });
  }
  return { sign: (user) => current.sign(user), verify: (token) => current.verify(token) };
}

/** Serves `mode` until a signal shuts it down; resolves the exit code. */
export async function runMode(mode: Mode, config: ServeConfig, io: Io): Promise<number> {
  // Before anything else: an invalid users file is a start-up error of one line.
  const users = checksPasswords(mode) ? loadUsers(config.usersFile, io) : undefined;
  logLine(mode === "auth" ? "Starting Auth service..." : "Starting server...");
  if (config.secretSource === "default") {
    io.err(
      `warning: signing and verifying tokens with the default secret "secret" from the course; ` +
        `set -secret-file or APP_SECRET outside a demo\n`,
    );
  }
  const bcrypt = checksPasswords(mode) ? createBcryptWorkerClient() : undefined;
  const log = new AccessLogWriter();
  const clientAddress = clientAddressFor(config.trustedProxies);
  const state = new HealthState();
  const drain = new Drain();
  const reloads = new ReloadRegistry();
  const app = buildApp(MODES[mode], {
    tokens: reloadableTokens(config, reloads),
    checkPassword: createPasswordCheck(
      bcrypt ? bcrypt.compare : () => Promise.resolve(false),
      users?.current,
    ),
    version: VERSION,
    loginShare: createClientShare(),
    clientAddress,
    loginLimiter: createLoginLimiter({
      failures: config.loginFailures,
      windowMs: config.loginWindowMs,
      capacity: config.loginClients,
    }),
  });
  const logged = logRequests(
    refuseH2c(headAsGet(app.fetch)),
    log,
    (request) => app.getPath(request),
    config.trustedProxies.length > 0 ? clientAddress : undefined,
  );
  const servers = startServers({
    http: config.http,
    health: config.health,
    handler: closeWhileDraining(closeIfBodyUnread(logged), drain),
    healthHandler: refuseH2c(healthApp(state).fetch),
    state,
    drain,
    drainMs: config.drainMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onAbort: (withinMs) => log.flushWithin(withinMs),
    onClosed: async (remainingMs) => {
      users?.stop();
      bcrypt?.close();
      await log.flushWithin(remainingMs);
    },
    onHangup: () => void reloads.reloadAll(),
  });
  return await servers.exited;
}
