/**
 * A resolved flag's text -> a typed value, or a {@link UsageError} naming the flag (and its
 * environment variable when the value came from one). Shared by the parts of the serving config.
 * @module
 */
import { AddressError, type ListenAddress, parseAddress } from "../util/address.ts";
import { MAX_TIMER_MS, parseDuration } from "../util/duration.ts";
import { quote } from "../util/quote.ts";
import { origin, type Setting, UsageError } from "./flags.ts";

/** The resolved flags of a command, by name (see `resolveFlags`). */
export type Settings = Record<string, Setting>;

/** `-drain`, or `-drain (from APP_DRAIN)` when the value came from the environment. */
function flagText(settings: Settings, name: string): string {
  return settings[name].from === "env" ? `-${name} (from ${origin(name, settings[name])})` : `-${name}`;
}

/** A listen address such as `:8080` or `[::1]:8080`. */
export function addressValue(settings: Settings, name: string): ListenAddress {
  try {
    return parseAddress(settings[name].value);
  } catch (error) {
    if (!(error instanceof AddressError)) throw error;
    throw new UsageError(`invalid value for ${flagText(settings, name)}: ${error.message}`);
  }
}

/** A duration such as `5s` or `500ms`, in milliseconds, at most what a timer can wait. */
export function durationValue(settings: Settings, name: string): number {
  const { value } = settings[name];
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new UsageError(
      `invalid value ${quote(value)} for ${flagText(settings, name)}: want a duration like 5s or 500ms`,
    );
  }
  if (ms > MAX_TIMER_MS) {
    throw new UsageError(`invalid value ${quote(value)} for ${flagText(settings, name)}: at most 596h`);
  }
  return ms;
}

/** A whole number from `min` to `max`. */
export function countValue(settings: Settings, name: string, min: number, max: number): number {
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
}
