/**
 * Which serving flags each mode takes, derived from the modes table: every mode takes the
 * listener, shutdown, log and secret flags; the rest come with the routes that need them.
 * @module
 */
import type { Route, RouteNeed } from "../http/app.ts";
import type { FlagSpec } from "./flags.ts";
import { LOGIN_FLAGS, SERVE_FLAGS } from "./serve_flags.ts";
import { type Mode, MODES } from "./modes.ts";

// -trusted-proxies: the access log names the client of every mode, not only the login limiter.
const EVERY_MODE = [
  "http",
  "health",
  "secret",
  "secret-file",
  "drain",
  "shutdown-timeout",
  "log-format",
  "trusted-proxies",
];

const FLAGS_OF_NEED: Record<RouteNeed, readonly string[]> = {
  "signs-tokens": ["signing-key"],
  "verifies-tokens": ["verify-key", "jwks-url"],
  "publishes-keys": ["verify-key"],
  "checks-passwords": LOGIN_FLAGS.map((spec) => spec.name).filter((name) => !EVERY_MODE.includes(name)),
};

/** The names of the flags `mode` takes. */
export function modeFlagNames(mode: Mode): ReadonlySet<string> {
  const routes: readonly Route[] = MODES[mode];
  return new Set([
    ...EVERY_MODE,
    ...routes.flatMap((route) => route.needs ?? []).flatMap((need) => FLAGS_OF_NEED[need]),
  ]);
}

/** The modes that take flag `name`, in table order. */
export function modesTaking(name: string): Mode[] {
  return (Object.keys(MODES) as Mode[]).filter((mode) => modeFlagNames(mode).has(name));
}

/** The serving flags `mode` takes, in help order. */
export function modeFlags(mode: Mode): FlagSpec[] {
  const names = modeFlagNames(mode);
  return SERVE_FLAGS.filter((spec) => names.has(spec.name));
}
