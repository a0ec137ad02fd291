/**
 * The serving modes' flags: names, environment variables, defaults and help, in one table. What
 * their values mean is read in config.ts (and the token and login parts beside it); which mode
 * takes which flag is decided in mode_flags.ts.
 * @module
 */
import type { FlagSpec } from "./flags.ts";
import { BCRYPT_COST_LIMIT, DEFAULT_MAX_BCRYPT_COST, MIN_BCRYPT_COST } from "../auth/accounts/htpasswd.ts";

/** The signing secret the course used; still the default so the course's tokens keep working. */
const DEFAULT_SECRET = "secret";

/** Listeners, shutdown, logs and tokens. */
const SERVING_FLAGS: readonly FlagSpec[] = [
  {
    name: "http",
    type: "string",
    env: "APP_HTTP",
    default: "0.0.0.0:8080",
    value: "ADDR",
    help: "HTTP service address (port 0 picks a free port)",
  },
  {
    name: "health",
    type: "string",
    env: "APP_HEALTH",
    default: "0.0.0.0:8081",
    value: "ADDR",
    help: "health service address (/healthz, /readiness)",
  },
  {
    name: "secret",
    type: "string",
    env: "APP_SECRET",
    default: DEFAULT_SECRET,
    value: "TEXT",
    help: "JWT signing secret (the default prints a warning)",
  },
  {
    name: "secret-file",
    type: "string",
    env: "APP_SECRET_FILE",
    value: "PATH",
    help:
      "read JWT secrets from a file, one per line: the first signs, all verify; re-read on change and SIGHUP",
  },
  {
    name: "drain",
    type: "string",
    env: "APP_DRAIN",
    default: "0s",
    value: "DURATION",
    help: "on SIGTERM, keep serving this long with readiness 503 before closing",
  },
  {
    name: "shutdown-timeout",
    type: "string",
    env: "APP_SHUTDOWN_TIMEOUT",
    default: "10s",
    value: "DURATION",
    help: "after the drain, how long in-flight requests may take to finish",
  },
  {
    name: "log-format",
    type: "string",
    env: "APP_LOG_FORMAT",
    default: "text",
    value: "FORMAT",
    help: "log lines (access and lifecycle) as text or json (one object per line)",
  },
  {
    name: "signing-key",
    type: "string",
    env: "APP_SIGNING_KEY",
    value: "PATH",
    help: "sign tokens with this Ed25519 or P-256 private key (PKCS#8 PEM) instead of the secret",
  },
  {
    name: "verify-key",
    type: "string",
    env: "APP_VERIFY_KEY",
    value: "PATH",
    repeatable: true,
    help: "verify tokens with this public key (SPKI PEM); repeat for rotation (env: comma-separated); " +
      "auth publishes it in /.well-known/jwks.json",
  },
  {
    name: "jwks-url",
    type: "string",
    env: "APP_JWKS_URL",
    value: "URL",
    help: "verify tokens with the keys of this JWK Set (e.g. http://auth/.well-known/jwks.json)",
  },
];

/** Who may log in and from where (-trusted-proxies also names the client in every mode's access log). */
export const LOGIN_FLAGS: readonly FlagSpec[] = [
  {
    name: "users-file",
    type: "string",
    env: "APP_USERS_FILE",
    value: "PATH",
    help: "htpasswd file of bcrypt users, reloaded when it changes (without it: the course's user/password)",
  },
  {
    name: "login-failures",
    type: "string",
    env: "APP_LOGIN_FAILURES",
    default: "10",
    value: "N",
    help: "failed logins a client may make per -login-window; then 429 until it ends (0: no limit)",
  },
  {
    name: "login-window",
    type: "string",
    env: "APP_LOGIN_WINDOW",
    default: "5m",
    value: "DURATION",
    help: "the window -login-failures counts in, from a client's first failure (at least 1s)",
  },
  {
    name: "login-clients",
    type: "string",
    env: "APP_LOGIN_CLIENTS",
    default: "10000",
    value: "N",
    help:
      "clients the login limiter remembers at most (~150 bytes each; the longest quiet unblocked one forgotten first)",
  },
  {
    name: "max-bcrypt-cost",
    type: "string",
    env: "APP_MAX_BCRYPT_COST",
    default: String(DEFAULT_MAX_BCRYPT_COST),
    value: "N",
    help: `highest bcrypt cost a users file may hold (${MIN_BCRYPT_COST}-${BCRYPT_COST_LIMIT}; ` +
      `each step doubles a login's work, 14: ~1 s of a core)`,
  },
  {
    name: "bcrypt-timeout",
    type: "string",
    env: "APP_BCRYPT_TIMEOUT",
    default: "10s",
    value: "DURATION",
    help:
      "longest one password check may hold the bcrypt worker; then that login gets 503 and the worker is replaced",
  },
  {
    name: "trusted-proxies",
    type: "string",
    env: "APP_TRUSTED_PROXIES",
    value: "CIDR,...",
    help: "proxies whose X-Forwarded-For / X-Real-IP name the client (e.g. 127.0.0.1/32,10.0.0.0/8)",
  },
];

/** Every serving flag, in help order; each mode takes those its routes need (see mode_flags.ts). */
export const SERVE_FLAGS: readonly FlagSpec[] = [...SERVING_FLAGS, ...LOGIN_FLAGS];
