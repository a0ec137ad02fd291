/**
 * `app hash-password [-cost N] [-user NAME]`: reads a password from stdin and prints its bcrypt
 * hash, as an htpasswd line with `-user`, for `-users-file`.
 * @module
 */
import bcrypt from "bcryptjs";
import {
  BCRYPT_COST_LIMIT,
  DEFAULT_MAX_BCRYPT_COST,
  MIN_BCRYPT_COST,
  nameProblem,
} from "../../auth/accounts/htpasswd.ts";
import { MAX_PASSWORD_BYTES } from "../../auth/password.ts";
import { type FlagSpec, formatFlagHelp, parseGoFlags, resolveFlags, UsageError } from "../flags.ts";
import { PasswordInputError, readPassword } from "../../util/read_password.ts";
import { Exit, type Io } from "../io.ts";

/** Flags `app hash-password` accepts. */
export const HASH_PASSWORD_FLAGS: readonly FlagSpec[] = [
  {
    name: "cost",
    type: "string",
    default: "10",
    value: "N",
    help:
      `bcrypt cost, ${MIN_BCRYPT_COST}-${DEFAULT_MAX_BCRYPT_COST} (see -max-bcrypt-cost); each step doubles ` +
      `the work (10: ~70 ms per login on one core)`,
  },
  {
    name: "max-bcrypt-cost",
    type: "string",
    env: "APP_MAX_BCRYPT_COST",
    default: String(DEFAULT_MAX_BCRYPT_COST),
    value: "N",
    help:
      `highest -cost accepted (up to ${BCRYPT_COST_LIMIT}); the serving modes refuse users above their own`,
  },
  {
    name: "user",
    type: "string",
    value: "NAME",
    help: "print NAME:HASH, a line for the -users-file (without it: the hash alone)",
  },
];

/** Help for `app hash-password`. */
export function hashPasswordUsage(): string {
  return `Usage: app hash-password [flags] < password

Reads a password from stdin (asked twice, without echo, at a terminal) and prints its bcrypt hash
in the htpasswd format of nginx, Apache's htpasswd -B and 'app <mode> -users-file'.

Example: app hash-password -user alice >> htpasswd

Flags (Go syntax: -name value, -name=value, --name value):
${formatFlagHelp(HASH_PASSWORD_FLAGS)}
`;
}

function parse(args: readonly string[], io: Io): { cost: number; user?: string } | "help" {
  const parsed = parseGoFlags(args, HASH_PASSWORD_FLAGS);
  if (parsed.help) return "help";
  const settings = resolveFlags(parsed, HASH_PASSWORD_FLAGS, io.env);
  const whole = (name: string, max: number): number => {
    const text = settings[name].value;
    const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (!(n >= MIN_BCRYPT_COST && n <= max)) {
      const widen = name === "cost" && n > max && n <= BCRYPT_COST_LIMIT
        ? " (-max-bcrypt-cost widens it)"
        : "";
      throw new UsageError(
        `invalid value ${
          JSON.stringify(text)
        } for -${name}: want a whole number ${MIN_BCRYPT_COST}-${max}${widen}`,
      );
    }
    return n;
  };
  const cost = whole("cost", whole("max-bcrypt-cost", BCRYPT_COST_LIMIT));
  if (settings.user.from === "default") return { cost };
  const user = settings.user.value;
  const problem = user.includes(":") ? 'user name with a ":"' : nameProblem(user);
  if (problem) throw new UsageError(`invalid value for -user: ${problem}`);
  return { cost, user };
}

/** Runs `app hash-password` with the arguments after the command name; resolves the exit code. */
export async function runHashPassword(
  args: readonly string[],
  io: Io,
  read: (prompt: (text: string) => void) => Promise<string> = readPassword,
): Promise<number> {
  let options;
  try {
    options = parse(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`app hash-password: ${error.message}\n\n${hashPasswordUsage()}`);
    return Exit.usage;
  }
  if (options === "help") {
    io.out(hashPasswordUsage());
    return Exit.ok;
  }
  let password: string;
  try {
    password = await read(io.err);
  } catch (error) {
    if (!(error instanceof PasswordInputError)) throw error;
    io.err(`app hash-password: ${error.message}\n`);
    return error.interrupted ? 130 : Exit.failure;
  }
  if (password === "") {
    io.err("app hash-password: empty password\n");
    return Exit.failure;
  }
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) {
    io.err(
      `app hash-password: the password is over ${MAX_PASSWORD_BYTES} bytes (bcrypt's limit; logins refuse it)\n`,
    );
    return Exit.failure;
  }
  // $2y$ as Apache's htpasswd writes; the same algorithm as bcryptjs's $2b$.
  const hash = `$2y$${bcrypt.hashSync(password, options.cost).slice(4)}`;
  io.out(options.user === undefined ? `${hash}\n` : `${options.user}:${hash}\n`);
  return Exit.ok;
}
