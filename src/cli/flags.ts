/**
 * Go `flag`-package syntax on top of `node:util` parseArgs.
 *
 * Go accepts `-name value`, `-name=value`, `--name value` and `--name=value`, takes the next
 * argument as a value even when it starts with `-`, and treats booleans as `-name` or
 * `-name=true|false`. {@link normaliseGoFlags} rewrites all of that into the `--name=value`
 * form parseArgs understands, then parseArgs does the typing and strictness.
 * @module
 */
import { parseArgs } from "node:util";

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
}

/** A command-line mistake: the message is one line for stderr, the exit code is 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Result of parsing: flag values by name, and whether `-h`/`-help` was asked for. */
export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  help: boolean;
}

const HELP_NAMES = new Set(["h", "help"]);
const BOOL_TEXT: Record<string, boolean> = { "true": true, "1": true, "false": false, "0": false };

/**
 * Rewrites Go-style arguments into `--name=value` / `--name` tokens.
 * Throws {@link UsageError} with Go's wording for unknown flags, missing values and stray
 * arguments.
 */
export function normaliseGoFlags(args: readonly string[], specs: readonly FlagSpec[]): string[] {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--" || arg === "-") {
      if (i + 1 < args.length || arg === "-") {
        throw new UsageError(`unexpected argument: ${JSON.stringify(args[arg === "-" ? i : i + 1])}`);
      }
      break;
    }
    if (!arg.startsWith("-")) throw new UsageError(`unexpected argument: ${JSON.stringify(arg)}`);
    const body = arg.replace(/^--?/, "");
    if (body === "" || body.startsWith("-") || body.startsWith("=")) {
      throw new UsageError(`bad flag syntax: ${arg}`);
    }
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    if (HELP_NAMES.has(name)) {
      out.push("--help");
      continue;
    }
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`flag provided but not defined: -${name}`);
    if (spec.type === "boolean") {
      if (eq < 0) {
        out.push(`--${name}`);
        continue;
      }
      const value = BOOL_TEXT[body.slice(eq + 1).toLowerCase()];
      if (value === undefined) {
        throw new UsageError(`invalid boolean value ${JSON.stringify(body.slice(eq + 1))} for -${name}`);
      }
      if (value) out.push(`--${name}`);
      continue;
    }
    if (eq >= 0) {
      out.push(`--${name}=${body.slice(eq + 1)}`);
    } else if (i + 1 < args.length) {
      out.push(`--${name}=${args[++i]}`);
    } else {
      throw new UsageError(`flag needs an argument: -${name}`);
    }
  }
  return out;
}

/** Parses Go-style flags against `specs`. Unset flags are `undefined` (no env or defaults here). */
export function parseGoFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const spec of specs) options[spec.name] = { type: spec.type };
  const { values } = parseArgs({
    args: normaliseGoFlags(args, specs),
    options,
    strict: true,
    allowPositionals: false,
  });
  const { help, ...rest } = values;
  return { values: rest, help: help === true };
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
