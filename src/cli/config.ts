/**
 * Flags -> a typed {@link ServeConfig}, one direction: flag wins over environment, environment
 * over default.
 * @module
 */
import { AddressError, type ListenAddress, parseAddress } from "../util/address.ts";
import { MAX_TIMER_MS, parseDuration } from "../util/duration.ts";
import { type FlagSpec, origin, parseGoFlags, resolveFlags, type Setting, UsageError } from "./flags.ts";
import { firstLine } from "../util/error_text.ts";
import { LOGIN_FLAGS, type LoginConfig, parseLoginConfig } from "./login_config.ts";

/** The signing secret the course used; still the default so the course's tokens keep working. */
const DEFAULT_SECRET = "secret";

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
  ...LOGIN_FLAGS,
];

/** Where the signing secret came from; `default` means the well-known course secret. */
export type SecretSource = "flag" | "env" | "file" | "default";

/** Everything a serving mode needs, parsed and validated. */
export interface ServeConfig extends LoginConfig {
  http: ListenAddress;
  health: ListenAddress;
  secret: string;
  secretSource: SecretSource;
  /** The file the secret was read from (SIGHUP reads it again). */
  secretFile?: string;
  drainMs: number;
  shutdownTimeoutMs: number;
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
  // "-drain", or "-drain (from APP_DRAIN)" when the value came from the environment.
  const flag = (name: string) =>
    settings[name].from === "env" ? `-${name} (from ${origin(name, settings[name])})` : `-${name}`;
  const address = (name: string): ListenAddress => {
    try {
      return parseAddress(settings[name].value);
    } catch (error) {
      if (!(error instanceof AddressError)) throw error;
      throw new UsageError(`invalid value for ${flag(name)}: ${error.message}`);
    }
  };
  const duration = (name: string): number => {
    const { value } = settings[name];
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new UsageError(
        `invalid value ${JSON.stringify(value)} for ${flag(name)}: want a duration like 5s or 500ms`,
      );
    }
    if (ms > MAX_TIMER_MS) {
      throw new UsageError(`invalid value ${JSON.stringify(value)} for ${flag(name)}: at most 596h`);
    }
    return ms;
  };
  const http = address("http");
  const health = address("health");
  if (http.port !== 0 && http.port === health.port && http.hostname === health.hostname) {
    throw new UsageError(
      `-http and -health must be different addresses (both are ${settings.http.value})`,
    );
  }
  return {
    help: false,
    config: {
      http,
      health,
      ...resolveSecret(settings.secret, settings["secret-file"], readText, env),
      drainMs: duration("drain"),
      shutdownTimeoutMs: duration("shutdown-timeout"),
      ...parseLoginConfig(settings, duration),
    },
  };
}

function resolveSecret(
  secret: Setting,
  file: Setting,
  readText: ReadText,
  env: (name: string) => string | undefined,
): { secret: string; secretSource: SecretSource; secretFile?: string } {
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
    return { secret: readSecretFile(file.value, readText), secretSource: "file", secretFile: file.value };
  }
  if (secret.value === "") throw new UsageError("the secret must not be empty");
  return { secret: secret.value, secretSource: secret.from };
}

/** Reads the secret from `path` (one trailing newline ignored); throws {@link ConfigError}. */
export function readSecretFile(path: string, readText: ReadText = Deno.readTextFileSync): string {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    throw new ConfigError(`cannot read secret file ${JSON.stringify(path)}: ${firstLine(error)}`);
  }
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new ConfigError(`secret file ${JSON.stringify(path)} is empty`);
  return value;
}
