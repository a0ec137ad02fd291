/**
 * The flags of who may log in and from where: the users file, the failed-login limit and the
 * trusted proxies; part of {@link ServeConfig} (see config.ts, which resolves every flag).
 * @module
 */
import { type FlagSpec, origin, type Setting, UsageError } from "./flags.ts";
import { type Cidr, CidrError, parseCidrList } from "../util/ip.ts";
import { BCRYPT_COST_LIMIT, DEFAULT_MAX_BCRYPT_COST, MIN_BCRYPT_COST } from "../auth/accounts/htpasswd.ts";

/** Login flags, appended to the serving flags. */
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

/** The login part of the serving config. */
export interface LoginConfig {
  /** Path of the htpasswd users file; `undefined` for the course's demo account. */
  usersFile: string | undefined;
  /** Failed logins a client may make per window (0: no limit). */
  loginFailures: number;
  loginWindowMs: number;
  /** Clients the login limiter remembers at most. */
  loginClients: number;
  /** Highest bcrypt cost the users file may hold. */
  maxBcryptCost: number;
  /** Longest one password check may take. */
  bcryptTimeoutMs: number;
  /** Peers whose forwarding headers are believed. */
  trustedProxies: Cidr[];
}

/**
 * The {@link LoginConfig} of resolved `settings`; `duration` reads a duration flag as config.ts
 * does. Throws {@link UsageError} naming the flag, or its variable when the value came from one.
 */
export function parseLoginConfig(
  settings: Record<string, Setting>,
  duration: (name: string) => number,
): LoginConfig {
  const count = (name: string, min: number, max: number): number => {
    const picked = settings[name];
    const n = /^\d{1,9}$/.test(picked.value) ? Number(picked.value) : NaN;
    if (!(n >= min && n <= max)) {
      const where = origin(name, picked);
      throw new UsageError(
        `invalid value ${JSON.stringify(picked.value)} for ${where}: want a whole number ${min}-${max}`,
      );
    }
    return n;
  };
  const windowMs = duration("login-window");
  if (windowMs < 1000) {
    throw new UsageError(
      `invalid value for ${origin("login-window", settings["login-window"])}: at least 1s ` +
        `(-login-failures 0 turns the limit off)`,
    );
  }
  const bcryptTimeoutMs = duration("bcrypt-timeout");
  if (bcryptTimeoutMs < 100) {
    throw new UsageError(
      `invalid value for ${origin("bcrypt-timeout", settings["bcrypt-timeout"])}: at least 100ms`,
    );
  }
  const proxies = settings["trusted-proxies"];
  let trustedProxies: Cidr[];
  try {
    trustedProxies = parseCidrList(proxies.value);
  } catch (error) {
    if (!(error instanceof CidrError)) throw error;
    throw new UsageError(`invalid value for ${origin("trusted-proxies", proxies)}: ${error.message}`);
  }
  return {
    usersFile: settings["users-file"].value || undefined,
    loginFailures: count("login-failures", 0, 1_000_000),
    loginWindowMs: windowMs,
    loginClients: count("login-clients", 1, 10_000_000),
    maxBcryptCost: count("max-bcrypt-cost", MIN_BCRYPT_COST, BCRYPT_COST_LIMIT),
    bcryptTimeoutMs,
    trustedProxies,
  };
}
