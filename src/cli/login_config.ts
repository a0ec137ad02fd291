/**
 * The login part of the serving config: who may log in and from where (the users file, the
 * failed-login limit, bcrypt's bounds, the trusted proxies). The users file is only named here; it is
 * read when the mode is wired (users_setup.ts).
 * @module
 */
import { origin, UsageError } from "./flags.ts";
import { countValue, durationValue, type Settings } from "./flag_values.ts";
import { type Cidr, CidrError, parseCidrList } from "../util/ip.ts";
import { BCRYPT_COST_LIMIT, MIN_BCRYPT_COST } from "../auth/accounts/htpasswd.ts";

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
 * The {@link LoginConfig} of resolved `settings`. Throws {@link UsageError} naming the flag, or its
 * variable when the value came from one.
 */
export function parseLoginConfig(settings: Settings): LoginConfig {
  const count = (name: string, min: number, max: number) => countValue(settings, name, min, max);
  const duration = (name: string) => durationValue(settings, name);
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
