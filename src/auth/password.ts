/**
 * The password check as routes see it: a port that says who a name and password belong to, and
 * the one way it can fail. How hashes are compared (a bcrypt worker thread) stays behind it.
 * @module
 */

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
