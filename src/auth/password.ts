/**
 * The password check: the port routes see (who a name and password belong to, and the one way it
 * can fail) and its one implementation over the users in force. How hashes are compared (a bcrypt
 * worker thread) stays behind {@link CompareHash}.
 * @module
 */
import type { Users } from "./accounts/htpasswd.ts";
import { COURSE } from "./accounts/course.ts";
import { UserSource } from "./accounts/user_source.ts";

/** A user who passed the check. */
export interface User {
  name: string;
  email: string;
}

/**
 * Checks a name and password; resolves the user or `undefined`. Rejects with
 * {@link PasswordCheckUnavailable} when no check can be made, whoever the user is.
 */
export type CheckPassword = (name: string, password: string) => Promise<User | undefined>;

/**
 * Compares a password with a stored hash; rejects with {@link PasswordCheckUnavailable} when no
 * answer can be given.
 */
export type CompareHash = (password: string, hash: string) => Promise<boolean>;

/** Why a check could not be made: too many waiting, shutting down, the comparer died or overran its deadline. */
export type UnavailableReason = "busy" | "closed" | "crashed" | "timeout";

/** A password that could not be checked at all (not a wrong one); the login route answers 503. */
export class PasswordCheckUnavailable extends Error {
  constructor(readonly reason: UnavailableReason) {
    super(`password check unavailable (${reason})`);
    this.name = "PasswordCheckUnavailable";
  }
}

/** bcrypt allows at most 72 bytes of password; longer ones are refused, not truncated. */
export const MAX_PASSWORD_BYTES = 72;

/** A comparer for a mode that serves no login: no password matches any hash. */
export const matchesNothing: CompareHash = () => Promise.resolve(false);

const encoder = new TextEncoder();

/**
 * Builds a {@link CheckPassword} over the users `users.current()` returns at each check (the
 * course's account by default), running bcrypt through `compare`. An unknown name is compared
 * against its decoy hash (see `accounts/decoy.ts`) and an over-long password against an empty one,
 * so neither answers sooner than a wrong password.
 */
export function createPasswordCheck(
  compare: CompareHash,
  users: { current(): Users } = new UserSource(COURSE),
): CheckPassword {
  return async (name, password) => {
    const inForce = users.current();
    const account = inForce.accounts.get(name);
    const tooLong = encoder.encode(password).length > MAX_PASSWORD_BYTES;
    const ok = await compare(tooLong ? "" : password, account?.hash ?? inForce.decoyFor(name));
    return ok && account && !tooLong ? { name, email: account.email } : undefined;
  };
}
