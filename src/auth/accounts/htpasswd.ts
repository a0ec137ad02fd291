/**
 * The htpasswd format of nginx's `auth_basic_user_file` and Apache's `htpasswd`, restricted to
 * bcrypt entries: one `name:hash` per line, blank lines and `#` comments allowed. Errors name the
 * line and the user, never the hash.
 * @module
 */
import { decoysFor } from "./decoy.ts";

/** One account: its bcrypt hash and that hash's cost; `email` is the token's `email` claim. */
export interface Account {
  hash: string;
  cost: number;
  email: string;
}

/**
 * Who can log in: the accounts by name, and the hash each unknown name is compared against so that
 * it costs the bcrypt work of a known one (see `decoy.ts`).
 */
export interface Users {
  accounts: ReadonlyMap<string, Account>;
  decoyFor(name: string): string;
}

/** A users file that cannot be used; the message names the line and never contains a hash. */
export class HtpasswdError extends Error {
  override name = "HtpasswdError";
}

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
// deno-lint-ignore no-control-regex -- control characters are what names must not contain
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Apache's htpasswd refuses longer names; so do we. */
export const MAX_NAME_BYTES = 255;
/** bcrypt's least cost. */
export const MIN_BCRYPT_COST = 4;
/**
 * Highest cost accepted unless widened (`-max-bcrypt-cost`): a cost-14 check takes ~1.1 s of a core
 * and each step doubles it, so one cost-31 login would hold the bcrypt worker for days.
 */
export const DEFAULT_MAX_BCRYPT_COST = 14;
/** The most bcrypt itself allows. */
export const BCRYPT_COST_LIMIT = 31;

const encoder = new TextEncoder();

/** What kind of hash `text` looks like, for an error that helps without echoing it. */
function hashKind(text: string): string {
  if (text === "") return "an empty hash";
  if (text.startsWith("$apr1$")) return "an MD5 (apr1) hash; make bcrypt ones with htpasswd -B";
  if (text.startsWith("{SHA}")) return "a SHA-1 hash; make bcrypt ones with htpasswd -B";
  if (/^\$[156]\$/.test(text)) return "a crypt(3) MD5/SHA hash; make bcrypt ones with htpasswd -B";
  if (text.startsWith("$2")) return "a malformed bcrypt hash";
  if (/^[./A-Za-z0-9]{13}$/.test(text)) return "a DES crypt hash; make bcrypt ones with htpasswd -B";
  return "not a bcrypt hash (plain text?)";
}

/** The {@link Users} of `accounts`, with their decoys. */
export function usersOf(accounts: ReadonlyMap<string, Account>): Users {
  return { accounts, decoyFor: decoysFor(accounts.values()) };
}

/** Checks a user name for a file line or `app hash-password`; the problem, or `undefined`. */
export function nameProblem(name: string): string | undefined {
  if (name === "") return "empty user name";
  if (CONTROL.test(name)) return "user name with a control character";
  if (encoder.encode(name).length > MAX_NAME_BYTES) return `user name over ${MAX_NAME_BYTES} bytes`;
  return undefined;
}

/** The problem with a bcrypt `cost` above `maxCost` or below bcrypt's least, or `undefined`. */
export function costProblem(cost: number, maxCost = DEFAULT_MAX_BCRYPT_COST): string | undefined {
  if (cost >= MIN_BCRYPT_COST && cost <= maxCost) return undefined;
  const widen = cost > maxCost && cost <= BCRYPT_COST_LIMIT ? " (-max-bcrypt-cost widens it)" : "";
  return `bcrypt cost ${cost} is outside ${MIN_BCRYPT_COST}-${maxCost}${widen}`;
}

/**
 * Parses an htpasswd file of bcrypt entries. Throws {@link HtpasswdError} for another hash kind,
 * a malformed line, a cost outside 4-`maxCost`, a duplicate name or a file without users.
 */
export function parseHtpasswd(text: string, maxCost = DEFAULT_MAX_BCRYPT_COST): Users {
  const accounts = new Map<string, Account>();
  const lineOf = new Map<string, number>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    const line = lines[i].replace(/\r$/, "");
    if (line.trim() === "" || line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon < 0) throw new HtpasswdError(`line ${number}: no ":" between user name and hash`);
    const name = line.slice(0, colon);
    const problem = nameProblem(name);
    if (problem) throw new HtpasswdError(`line ${number}: ${problem}`);
    const who = `user ${JSON.stringify(name)}`;
    const hash = line.slice(colon + 1).trimEnd();
    const match = BCRYPT.exec(hash);
    if (!match) throw new HtpasswdError(`line ${number}: ${who}: ${hashKind(hash)}`);
    const cost = Number(match[1]);
    const bad = costProblem(cost, maxCost);
    if (bad) throw new HtpasswdError(`line ${number}: ${who}: ${bad}`);
    const first = lineOf.get(name);
    if (first !== undefined) throw new HtpasswdError(`line ${number}: ${who} is already on line ${first}`);
    lineOf.set(name, number);
    accounts.set(name, { hash, cost, email: "" });
  }
  if (accounts.size === 0) throw new HtpasswdError("no users: want lines of name:bcrypt-hash");
  return usersOf(accounts);
}
