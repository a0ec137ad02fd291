/**
 * `app healthcheck [-url URL] [-timeout DURATION]`: exits 0 when the URL answers 2xx within the
 * timeout, 1 otherwise (one line on stderr saying why), 2 for a usage mistake. The distroless image
 * has no shell and no curl: this is what its `HEALTHCHECK` and `docker exec` users run.
 * @module
 */
import { AddressError, type ListenAddress, parseAddress } from "../../util/address.ts";
import { MAX_TIMER_MS, parseDuration } from "../../util/duration.ts";
import { checkHealth } from "../../http/probe.ts";
import { SERVE_FLAGS } from "../serve_flags.ts";
import { type FlagSpec, formatFlagHelp, parseGoFlags, UsageError } from "../flags.ts";
import { Exit, type Io } from "../io.ts";

const HEALTH = SERVE_FLAGS.find((spec) => spec.name === "health")!;
const DEFAULT_TIMEOUT = "2s";

/** Flags `app healthcheck` accepts. */
export const HEALTHCHECK_FLAGS: readonly FlagSpec[] = [
  {
    name: "url",
    type: "string",
    value: "URL",
    help: `URL to GET (default: /readiness on the health address, ${HEALTH.env} or ${HEALTH.default})`,
  },
  {
    name: "timeout",
    type: "string",
    default: DEFAULT_TIMEOUT,
    value: "DURATION",
    help: "how long the whole answer may take",
  },
];

/** Help for `app healthcheck`. */
export function healthcheckUsage(): string {
  return `Usage: app healthcheck [flags]

Exits 0 when the URL answers 2xx in time, 1 otherwise (one line on stderr says why): the image's
HEALTHCHECK. By default it asks this container's own readiness probe, through loopback when the
health address is all interfaces (0.0.0.0 or ::).

Flags (Go syntax: -name value, -name=value, --name value):
${formatFlagHelp(HEALTHCHECK_FLAGS)}
`;
}

/** What to check, parsed and validated. */
export interface HealthcheckArgs {
  url: string;
  timeoutMs: number;
}

/** The URL of `/readiness` on a health listen address; all-interfaces addresses via loopback. */
export function readinessUrl(address: ListenAddress): string {
  const host = address.hostname === "0.0.0.0"
    ? "127.0.0.1"
    : address.hostname === "::"
    ? "::1"
    : address.hostname;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/readiness`;
}

/** Parses the flags (and `APP_HEALTH`); throws {@link UsageError}. */
export function parseHealthcheckArgs(
  args: readonly string[],
  env: (name: string) => string | undefined,
): { help: true } | ({ help: false } & HealthcheckArgs) {
  const parsed = parseGoFlags(args, HEALTHCHECK_FLAGS);
  if (parsed.help) return { help: true };
  const { url, timeout } = parsed.values;
  const timeoutText = typeof timeout === "string" ? timeout : DEFAULT_TIMEOUT;
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined || timeoutMs === 0 || timeoutMs > MAX_TIMER_MS) {
    throw new UsageError(
      `invalid value ${JSON.stringify(timeoutText)} for -timeout: want a duration like 2s or 500ms, ` +
        `more than 0 and at most 596h`,
    );
  }
  return { help: false, url: typeof url === "string" ? checkedUrl(url) : defaultUrl(env), timeoutMs };
}

function checkedUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(`invalid value ${JSON.stringify(text)} for -url: want an http:// or https:// URL`);
  }
  return url.href;
}

function defaultUrl(env: (name: string) => string | undefined): string {
  const fromEnv = env(HEALTH.env!);
  const text = fromEnv === undefined || fromEnv === "" ? HEALTH.default! : fromEnv;
  const source = text === fromEnv ? ` (from ${HEALTH.env})` : "";
  let address: ListenAddress;
  try {
    address = parseAddress(text);
  } catch (error) {
    if (!(error instanceof AddressError)) throw error;
    throw new UsageError(`invalid health address${source}: ${error.message}`);
  }
  if (address.port === 0) {
    throw new UsageError(
      `health address ${JSON.stringify(text)}${source} has port 0, picked at start: give -url`,
    );
  }
  return readinessUrl(address);
}

/**
 * Runs `app healthcheck` with the arguments after the command name; resolves the exit code.
 * `check` is the probe (injectable for tests).
 */
export async function runHealthcheck(
  args: readonly string[],
  io: Io,
  check: typeof checkHealth = checkHealth,
): Promise<number> {
  let parsed;
  try {
    parsed = parseHealthcheckArgs(args, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`app healthcheck: ${error.message}\n\n${healthcheckUsage()}`);
    return Exit.usage;
  }
  if (parsed.help) {
    io.out(healthcheckUsage());
    return Exit.ok;
  }
  const failure = await check(parsed.url, parsed.timeoutMs);
  if (failure === undefined) return Exit.ok;
  io.err(`app healthcheck: ${failure}\n`);
  return Exit.failure;
}
