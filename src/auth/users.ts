/**
 * The password check: the course's demo account, or the accounts of a users file, which may be
 * swapped while serving (see `accounts/users_file.ts`).
 * @module
 */
import type { CheckPassword, CompareHash } from "./password.ts";
import { type Account, type Users, usersOf } from "./accounts/htpasswd.ts";

/** The course's user: `user` / `password`, stored as the Go service's bcrypt (cost 10) hash. */
export const COURSE_USERS: ReadonlyMap<string, Account> = new Map([
  ["user", {
    email: "user@example.com",
    hash: "$2a$10$KgFhp4HAaBCRAYbFp5XYUOKrbO90yrpUQte4eyafk4Tu6mnZcNWiK",
    cost: 10,
  }],
]);

/** The course's account with its decoys (cost 10), used when no users file is given. */
export const COURSE: Users = usersOf(COURSE_USERS);

/** bcrypt allows at most 72 bytes of password; longer ones are refused, not truncated. */
export const MAX_PASSWORD_BYTES = 72;

const encoder = new TextEncoder();

/**
 * Builds a {@link CheckPassword} over the users `current()` returns at each check, running bcrypt
 * through `compare`. An unknown name is compared against its decoy hash (see `accounts/decoy.ts`) and an over-long
 * password against an empty one, so neither answers sooner than a wrong password.
 */
export function createPasswordCheck(
  compare: CompareHash,
  current: () => Users = () => COURSE,
): CheckPassword {
  return async (name, password) => {
    const users = current();
    const account = users.accounts.get(name);
    const tooLong = encoder.encode(password).length > MAX_PASSWORD_BYTES;
    const ok = await compare(tooLong ? "" : password, account?.hash ?? users.decoyFor(name));
    return ok && account && !tooLong ? { name, email: account.email } : undefined;
  };
}
