/**
 * Go `flag`-package syntax, and where each flag's value comes from.
 *
 * Go accepts `-name value`, `-name=value`, `--name value` and `--name=value`, takes the next
 * argument as a value even when it starts with `-`, and treats booleans as `-name` or
 * `-name=true|false`. {@link parseGoFlags} reads all of that against a list of {@link FlagSpec};
 * {@link resolveFlags} then fills what the command line left out from the environment and the
 * defaults: the one place a value's source is decided.
 * @module
 */

import { quote, shown } from "../util/quote.ts";

/** One flag a command accepts. */
export interface FlagSpec {
  /** Name without dashes, e.g. `http`. */
  name: string;
  /** `string` flags take a value; `boolean` flags are switches. */
  type: "string" | "boolean";
  /** Environment variable that sets the flag when it is not given (12-factor). */
  env?: string;
  /** Shown in help; also the value used when neither flag nor env is given. */
  default?: string;
  /** Placeholder for the value in help, e.g. `ADDR`. */
  value?: string;
  /** One line of help. */
  help: string;
  /** A string flag that may be given several times; the values are joined with newlines. */
  repeatable?: boolean;
}

/** A command-line mistake: the message is one line for stderr, the exit code is 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Result of parsing: flag values by name, and whether `-h`/`-help` was asked for. */
export interface ParsedFlags {
  /** Values of the flags given: text for string flags, `true` for a switch that is on. */
  values: Record<string, string | true | undefined>;
  help: boolean;
}

const HELP_NAMES = new Set(["h", "help"]);
const BOOL_TEXT: Record<string, boolean> = { "true": true, "1": true, "false": false, "0": false };

/**
 * Parses Go-style flags against `specs`. Unset flags are `undefined` (see {@link resolveFlags}
 * for env and defaults); the last occurrence of a flag wins, as in Go. Throws
 * {@link UsageError} with Go's wording for unknown flags, missing values and stray arguments.
 */
export function parseGoFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const values: ParsedFlags["values"] = {};
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--" || arg === "-") {
      if (i + 1 < args.length || arg === "-") {
        throw new UsageError(`unexpected argument: ${quote(args[arg === "-" ? i : i + 1])}`);
      }
      break;
    }
    if (!arg.startsWith("-")) throw new UsageError(`unexpected argument: ${quote(arg)}`);
    const body = arg.replace(/^--?/, "");
    if (body === "" || body.startsWith("-") || body.startsWith("=")) {
      throw new UsageError(`bad flag syntax: ${shown(arg)}`);
    }
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    if (HELP_NAMES.has(name)) {
      help = true;
      continue;
    }
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`flag provided but not defined: ${shown(`-${name}`)}`);
    if (spec.type === "boolean") {
      const on = eq < 0 ? true : BOOL_TEXT[body.slice(eq + 1).toLowerCase()];
      if (on === undefined) {
        throw new UsageError(`invalid boolean value ${quote(body.slice(eq + 1))} for -${name}`);
      }
      values[name] = on ? true : undefined;
    } else {
      if (eq < 0 && i + 1 >= args.length) throw new UsageError(`flag needs an argument: -${name}`);
      const value = eq >= 0 ? body.slice(eq + 1) : args[++i];
      const before = values[name];
      values[name] = spec.repeatable && typeof before === "string" ? `${before}\n${value}` : value;
    }
  }
  return { values, help };
}

/** A flag's value and where it came from; `env` names the flag's environment variable, if any. */
export interface Setting {
  /** Text of a string flag (`""` if unset without a default); `"true"` or `""` for a switch. */
  value: string;
  from: "flag" | "env" | "default";
  env?: string;
}

/**
 * Every flag of `specs` with its value: the command line's, else its environment variable's
 * (an empty variable counts as unset), else its default.
 */
export function resolveFlags(
  parsed: ParsedFlags,
  specs: readonly FlagSpec[],
  env: (name: string) => string | undefined,
): Record<string, Setting> {
  const settings: Record<string, Setting> = {};
  for (const spec of specs) {
    const flag = parsed.values[spec.name];
    const fromEnv = spec.env ? env(spec.env) : undefined;
    settings[spec.name] = flag !== undefined
      ? { value: flag === true ? "true" : flag, from: "flag", env: spec.env }
      : fromEnv !== undefined && fromEnv !== ""
      ? { value: fromEnv, from: "env", env: spec.env }
      : { value: spec.default ?? "", from: "default", env: spec.env };
  }
  return settings;
}

/** How a user set `setting` of flag `name`: `-name`, or its environment variable. */
export function origin(name: string, setting: Setting): string {
  return setting.from === "env" && setting.env ? setting.env : `-${name}`;
}

/** Formats the flag list for help text, Go style, with the environment variable of each. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  return specs.map((spec) => {
    const head = `  -${spec.name}${spec.type === "string" ? ` ${spec.value ?? "value"}` : ""}`;
    const notes = [
      spec.env ? `env ${spec.env}` : "",
      spec.default !== undefined ? `default ${JSON.stringify(spec.default)}` : "",
    ].filter(Boolean).join("; ");
    return `${head}\n      ${spec.help}${notes ? ` (${notes})` : ""}`;
  }).join("\n");
}
