/**
 * Flags -> a typed {@link ServeConfig}, in one phase: flag wins over environment, environment over
 * default, and every flag's value is checked here, once (a {@link UsageError}, exit 2, names the
 * flag). Files: the secret file is read here through `readText` (its text is the secrets; exit 1 if
 * it cannot be used); the users file and key files are read when the mode is wired, before the
 * servers listen (users_setup.ts, key_setup.ts), also exit 1.
 * @module
 */
import { readBoundedTextSync } from "../util/bounded_file.ts";
import type { ListenAddress } from "../util/address.ts";
import { quote, shown } from "../util/quote.ts";
import { origin, parseGoFlags, resolveFlags, type Setting, UsageError } from "./flags.ts";
import { addressValue, durationValue } from "./flag_values.ts";
import { LOG_FORMATS, type LogFormat } from "../server/log.ts";
import type { ReadText } from "./config_error.ts";
import { type KeyConfig, resolveKeys, resolveSecret, type SecretConfig } from "./token_config.ts";
import { type LoginConfig, parseLoginConfig } from "./login_config.ts";
import { SERVE_FLAGS } from "./serve_flags.ts";
import type { Mode } from "./modes.ts";
import { modeFlagNames, modesTaking } from "./mode_flags.ts";

/** Everything a serving mode needs, parsed and validated. */
export interface ServeConfig extends SecretConfig, KeyConfig, LoginConfig {
  http: ListenAddress;
  health: ListenAddress;
  drainMs: number;
  shutdownTimeoutMs: number;
  logFormat: LogFormat;
}

/** Result of {@link parseServeConfig}: either help was asked for, or a config. */
export type ServeArgs = { help: true } | { help: false; config: ServeConfig };

/**
 * Parses `mode`'s flags, fills the rest from `env` and defaults, and validates. A flag of another
 * mode is a usage error; another mode's variable is ignored (one environment may serve every mode).
 * Throws {@link UsageError} (exit 2) or `ConfigError` (exit 1).
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
  const http = addressValue(settings, "http");
  const health = addressValue(settings, "health");
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
      drainMs: durationValue(settings, "drain"),
      shutdownTimeoutMs: durationValue(settings, "shutdown-timeout"),
      logFormat: logFormat(settings["log-format"]),
      ...resolveKeys(settings),
      ...parseLoginConfig(settings),
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
