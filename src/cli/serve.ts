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
import type { ServeConfig } from "./config.ts";
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
import { checkTokenFlags, tokenSetup } from "./tokens/setup.ts";
import { createPasswordCheck } from "../auth/users.ts";
import { VERSION } from "../util/version.ts";
import type { Io } from "./io.ts";

/** Serves `mode` until a signal shuts it down; resolves the exit code. */
export async function runMode(mode: Mode, config: ServeConfig, io: Io): Promise<number> {
  checkTokenFlags(mode, config);
  logLine(mode === "auth" ? "Starting Auth service..." : "Starting server...");
  const state = new HealthState();
  const tokens = await tokenSetup(mode, config, state);
  if (tokens.usesDefaultSecret) {
    io.err(
      `warning: signing and verifying tokens with the default secret "secret" from the course; ` +
        `set -secret-file or APP_SECRET outside a demo\n`,
    );
  }
  const bcrypt = checksPasswords(mode) ? createBcryptWorkerClient() : undefined;
  const log = new AccessLogWriter();
  const drain = new Drain();
  const reloads = new ReloadRegistry();
  // One owner of the secrets: SIGHUP makes the secret file's watcher read now instead of within a second.
  const secretFile = tokens.secretFile;
  if (secretFile) reloads.onReload(`secret file ${JSON.stringify(secretFile.path)}`, secretFile.reload);
  const app = buildApp(MODES[mode], {
    tokens: tokens.tokens,
    jwks: tokens.jwks,
    checkPassword: createPasswordCheck(bcrypt ? bcrypt.compare : () => Promise.resolve(false)),
    version: VERSION,
    loginShare: createClientShare(),
  });
  const logged = logRequests(refuseH2c(headAsGet(app.fetch)), log, (request) => app.getPath(request));
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
      tokens.close();
      bcrypt?.close();
      await log.flushWithin(remainingMs);
    },
    onHangup: () => void reloads.reloadAll(),
  });
  return await servers.exited;
}
