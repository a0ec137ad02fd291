/**
 * Flags -> a typed {@link ServeConfig}, one direction: flag wins over environment, environment
 * over default.
 * @module
 */
import { AddressError, type ListenAddress, parseAddress } from "../util/address.ts";
import { MAX_TIMER_MS, parseDuration } from "../util/duration.ts";
import { type FlagSpec, origin, parseGoFlags, resolveFlags, type Setting, UsageError } from "./flags.ts";
import { firstLine } from "../util/error_text.ts";
import { type Cidr, CidrError, parseCidrList } from "../util/ip.ts";

/** The signing secret the course used; still the default so the course's tokens keep working. */
export const DEFAULT_SECRET = "secret";

/** Flags every serving mode accepts. */
export const SERVE_FLAGS: readonly FlagSpec[] = [
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
    help: "read the JWT secret from a file (trailing newline ignored)",
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
    help: "the window -login-failures counts in, from a client's first failure",
  },
  {
    name: "login-clients",
    type: "string",
    env: "APP_LOGIN_CLIENTS",
    default: "10000",
    value: "N",
    help: "clients the login limiter remembers at most (~200 bytes each; the longest quiet forgotten first)",
  },
  {
    name: "trusted-proxies",
    type: "string",
    env: "APP_TRUSTED_PROXIES",
    value: "CIDR,...",
    help: "proxies whose X-Forwarded-For / X-Real-IP name the client (e.g. 127.0.0.1/32,10.0.0.0/8)",
  },
];

/** Where the signing secret came from; `default` means the well-known course secret. */
export type SecretSource = "flag" | "env" | "file" | "default";

/** Everything a serving mode needs, parsed and validated. */
export interface ServeConfig {
  http: ListenAddress;
  health: ListenAddress;
  secret: string;
  secretSource: SecretSource;
  drainMs: number;
  shutdownTimeoutMs: number;
  /** Path of the htpasswd users file; `undefined` for the course's demo account. */
  usersFile: string | undefined;
  /** Failed logins a client may make per window (0: no limit). */
  loginFailures: number;
  loginWindowMs: number;
  /** Clients the login limiter remembers at most. */
  loginClients: number;
  /** Peers whose forwarding headers are believed. */
  trustedProxies: Cidr[];
}

/** Reads a file as text; injectable so tests need no file system. */
export type ReadText = (path: string) => string;

/** A configuration the process cannot run with although the command line was well formed. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Result of {@link parseServeConfig}: either help was asked for, or a config. */
export type ServeArgs = { help: true } | { help: false; config: ServeConfig };

/**
 * Parses serving flags, fills the rest from `env` and defaults, and validates.
 * Throws {@link UsageError} (exit 2) or {@link ConfigError} (exit 1).
 */
export function parseServeConfig(
  args: readonly string[],
  env: (name: string) => string | undefined,
  readText: ReadText = Deno.readTextFileSync,
): ServeArgs {
  const parsed = parseGoFlags(args, SERVE_FLAGS);
  if (parsed.help) return { help: true };
  const settings = resolveFlags(parsed, SERVE_FLAGS, env);
  const address = (name: string): ListenAddress => {
    const picked = settings[name];
    try {
      return parseAddress(picked.value);
    } catch (error) {
      if (!(error instanceof AddressError)) throw error;
      const source = picked.from === "env" ? ` (from ${origin(name, picked)})` : "";
      throw new UsageError(`invalid value for -${name}${source}: ${error.message}`);
    }
  };
  const duration = (name: string): number => {
    const { value } = settings[name];
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new UsageError(
        `invalid value ${JSON.stringify(value)} for -${name}: want a duration like 5s or 500ms`,
      );
    }
    if (ms > MAX_TIMER_MS) {
      throw new UsageError(`invalid value ${JSON.stringify(value)} for -${name}: at most 596h`);
    }
    return ms;
  };
  const positive = (name: string, ms: number): number => {
    if (ms < 1000) throw new UsageError(`invalid value for -${name}: at least 1s`);
    return ms;
  };
  const count = (name: string, min: number, max: number): number => {
    const picked = settings[name];
    const n = /^\d{1,9}$/.test(picked.value) ? Number(picked.value) : NaN;
    if (!(n >= min && n <= max)) {
      throw new UsageError(
        `invalid value ${JSON.stringify(picked.value)} for ${
          origin(name, picked)
        }: want a whole number ${min}-${max}`,
      );
    }
    return n;
  };
  const cidrs = (name: string): Cidr[] => {
    try {
      return parseCidrList(settings[name].value);
    } catch (error) {
      if (!(error instanceof CidrError)) throw error;
      throw new UsageError(`invalid value for ${origin(name, settings[name])}: ${error.message}`);
    }
  };
  const http = address("http");
  const health = address("health");
  if (http.port !== 0 && http.port === health.port && http.hostname === health.hostname) {
    throw new UsageError(
      `-http and -health must be different addresses (both are ${settings["http"].value})`,
    );
  }
  return {
    help: false,
    config: {
      http,
      health,
      ...resolveSecret(settings["secret"], settings["secret-file"], readText, env),
      drainMs: duration("drain"),
      shutdownTimeoutMs: duration("shutdown-timeout"),
      usersFile: settings["users-file"].value || undefined,
      loginFailures: count("login-failures", 0, 1_000_000),
      loginWindowMs: positive("login-window", duration("login-window")),
      loginClients: count("login-clients", 1, 10_000_000),
      trustedProxies: cidrs("trusted-proxies"),
    },
  };
}

function resolveSecret(
  secret: Setting,
  file: Setting,
  readText: ReadText,
  env: (name: string) => string | undefined,
): { secret: string; secretSource: SecretSource } {
  if (secret.from === "default" && file.from === "default") {
    // Set but empty (a missing key in a Kubernetes Secret, a typo in a shell): falling back to
    // the well-known course secret would be silent and unsafe.
    for (const name of [secret.env, file.env]) {
      if (name !== undefined && env(name) === "") {
        throw new ConfigError(`${name} is set but empty: give it a value or unset it`);
      }
    }
  }
  if (file.from !== "default") {
    if (secret.from === "flag" || (secret.from === "env" && file.from === "env")) {
      throw new UsageError(
        `give either ${origin("secret", secret)} or ${origin("secret-file", file)}, not both`,
      );
    }
    let text: string;
    try {
      text = readText(file.value);
    } catch (error) {
      throw new ConfigError(`cannot read secret file ${JSON.stringify(file.value)}: ${firstLine(error)}`);
    }
    const value = text.replace(/\r?\n$/, "");
    if (value === "") throw new ConfigError(`secret file ${JSON.stringify(file.value)} is empty`);
    return { secret: value, secretSource: "file" };
  }
  if (secret.value === "") throw new UsageError("the secret must not be empty");
  return { secret: secret.value, secretSource: secret.from };
}
