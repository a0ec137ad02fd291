/**
 * Wires a serving mode together: config -> token service, password check, apps -> the fetch
 * decorators (access log inside, drain outside) -> servers.
 * @module
 */
import { buildApp } from "../http/app.ts";
import { headAsGet } from "../http/head.ts";
import { createBcryptWorkerClient } from "../auth/bcrypt_worker_client.ts";
import type { ServeConfig } from "./config.ts";
import { HealthState } from "../server/health_state.ts";
import { logRequests } from "../server/access_log.ts";
import { AccessLogWriter } from "../server/access_log_writer.ts";
import { closeWhileDraining, Drain } from "../server/drain.ts";
import { logLine } from "../server/log.ts";
import { checksPasswords, type Mode, MODES } from "./modes.ts";
import { healthApp } from "../../routes/health.ts";
import { startServers } from "../server/lifecycle.ts";
import { createTokenService } from "../auth/tokens.ts";
import { createPasswordCheck } from "../auth/users.ts";
import { VERSION } from "../util/version.ts";
import type { Io } from "./io.ts";
import { loadUsers } from "./users.ts";
import { createLoginLimiter } from "../auth/login_limiter.ts";
import { clientAddressFor } from "../http/client_address.ts";

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
  const app = buildApp(MODES[mode], {
    tokens: createTokenService({ secret: config.secret }),
    checkPassword: createPasswordCheck(
      bcrypt ? bcrypt.compare : () => Promise.resolve(false),
      users?.current,
    ),
    version: VERSION,
    clientAddress,
    loginLimiter: createLoginLimiter({
      failures: config.loginFailures,
      windowMs: config.loginWindowMs,
      capacity: config.loginClients,
    }),
  });
  const servers = startServers({
    http: config.http,
    health: config.health,
    handler: closeWhileDraining(
      logRequests(
        headAsGet(app.fetch),
        log,
        (request) => app.getPath(request),
        config.trustedProxies.length > 0 ? clientAddress : undefined,
      ),
      drain,
    ),
    healthHandler: healthApp(state).fetch,
    state,
    drain,
    drainMs: config.drainMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onAbort: () => log.flushSync(),
    onClosed: async () => {
      users?.stop();
      bcrypt?.close();
      await log.flush();
    },
  });
  return await servers.exited;
}
