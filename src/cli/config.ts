/**
 * Flags -> a typed {@link ServeConfig}, one direction: flag wins over environment, environment
 * over default.
 * @module
 */
import { readBoundedTextSync } from "../util/bounded_file.ts";
import { AddressError, type ListenAddress, parseAddress } from "../util/address.ts";
import { MAX_TIMER_MS, parseDuration } from "../util/duration.ts";
import { quote, shown } from "../util/quote.ts";
import { type FlagSpec, origin, parseGoFlags, resolveFlags, type Setting, UsageError } from "./flags.ts";
import { LOG_FORMATS, type LogFormat } from "../server/log.ts";
import { resolveKeys, resolveSecret } from "./tokens/config.ts";
import { LOGIN_FLAGS, type LoginConfig, parseLoginConfig } from "./login_config.ts";
import type { Mode } from "./modes.ts";
import { modeFlagNames, modesTaking } from "./mode_flags.ts";

/** The signing secret the course used; still the default so the course's tokens keep working. */
const DEFAULT_SECRET = "secret";

/** Every serving flag; each mode takes those its routes need (see mode_flags.ts). */
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
  ...LOGIN_FLAGS,
];

/** Where the signing secret came from; `default` means the well-known course secret. */
export type SecretSource = "flag" | "env" | "file" | "default";

/** Everything a serving mode needs, parsed and validated. */
export interface ServeConfig extends LoginConfig {
  http: ListenAddress;
  health: ListenAddress;
  /** The signing secret (the first of {@link ServeConfig.secrets}). */
  secret: string;
  /** Every secret that verifies, the signing one first. */
  secrets: readonly string[];
  secretSource: SecretSource;
  /** The secret file and the text read from it at start; re-read every second and on SIGHUP. */
  secretFile?: { path: string; text: string };
  drainMs: number;
  shutdownTimeoutMs: number;
  logFormat: LogFormat;
  /** `-signing-key`: the private key file that signs tokens instead of the secret. */
  signingKey?: string;
  /** `-verify-key`: public key files that verify tokens. */
  verifyKeys: readonly string[];
  /** `-jwks-url`: where to fetch the keys that verify tokens. */
  jwksUrl?: string;
}

/** Reads a file as text; injectable so tests need no file system. */
export type ReadText = (path: string) => string;

/** A configuration the process cannot run with although the command line was well formed. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Result of {@link parseServeConfig}: either help was asked for, or a config. */
export type ServeArgs = { help: true } | { help: false; config: ServeConfig };

/** The serving flags `mode` takes, in help order. */
export function modeFlags(mode: Mode): FlagSpec[] {
  const names = modeFlagNames(mode);
  return SERVE_FLAGS.filter((spec) => names.has(spec.name));
}

/**
 * Parses `mode`'s flags, fills the rest from `env` and defaults, and validates. A flag of another
 * mode is a usage error; another mode's variable is ignored (one environment may serve every mode).
 * Throws {@link UsageError} (exit 2) or {@link ConfigError} (exit 1).
 */
export function parseServeConfig(
  args: readonly string[],
  env: (name: string) => string | undefined,
  readText: ReadText = readBoundedTextSync,
  mode: Mode = "monolith",
): ServeArgs {
  const parsed = parseGoFlags(args, SERVE_FLAGS);
  if (parsed.help) return { help: true };
  const taken = modeFlagNames(mode);
  for (const name of Object.keys(parsed.values)) {
    if (!taken.has(name)) {
      throw new UsageError(`-${name} is a flag of ${modesTaking(name).join(" and ")}, not of ${mode}`);
    }
  }
  const ours = new Set(SERVE_FLAGS.filter((spec) => taken.has(spec.name)).map((spec) => spec.env));
  const settings = resolveFlags(parsed, SERVE_FLAGS, (name) => ours.has(name) ? env(name) : undefined);
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
        `invalid value ${quote(value)} for ${flag(name)}: want a duration like 5s or 500ms`,
      );
    }
    if (ms > MAX_TIMER_MS) {
      throw new UsageError(`invalid value ${quote(value)} for ${flag(name)}: at most 596h`);
    }
    return ms;
  };
  const http = address("http");
  const health = address("health");
  if (http.port !== 0 && http.port === health.port && http.hostname === health.hostname) {
    throw new UsageError(
      `-http and -health must be different addresses (both are ${shown(settings.http.value)})`,
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
      logFormat: logFormat(settings["log-format"]),
      ...resolveKeys(settings),
      ...parseLoginConfig(settings, duration),
    },
  };
}

function logFormat(setting: Setting): LogFormat {
  const format = LOG_FORMATS.find((name) => name === setting.value);
  if (format === undefined) {
    throw new UsageError(
      `invalid value ${quote(setting.value)} for ${origin("log-format", setting)}: want text or json`,
    );
  }
  return format;
}
