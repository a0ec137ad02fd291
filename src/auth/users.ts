/**
 * The course's single demo account and the password check against it.
 * @module
 */
import type { CheckPassword, CompareHash } from "./password.ts";

/** The course's user: `user` / `password`, stored as the Go service's bcrypt (cost 10) hash. */
export const COURSE_USERS: ReadonlyMap<string, { email: string; hash: string }> = new Map([
  ["user", {
    email: "user@example.com",
    hash: "$2a$10$KgFhp4HAaBCRAYbFp5XYUOKrbO90yrpUQte4eyafk4Tu6mnZcNWiK",
  }],
]);

/** bcrypt allows at most 72 bytes of password; longer ones are refused, not truncated. */
const MAX_PASSWORD_BYTES = 72;

// A cost-10 hash of a random string nobody knows: unknown users are compared against it so an
// unknown name costs the same bcrypt work as a wrong password (no user enumeration by timing).
const DECOY_HASH = "$2a$10$Is1jP3kSC19I4h3e8sVTqOuq1JA6lnMCyjhgJ0t6TBsmACsMKdmT.";

const encoder = new TextEncoder();

/** Builds a {@link CheckPassword} over `users`, running bcrypt through `compare`. */
export function createPasswordCheck(
  compare: CompareHash,
  users: ReadonlyMap<string, { email: string; hash: string }> = COURSE_USERS,
): CheckPassword {
  return async (name, password) => {
    const account = users.get(name);
    const tooLong = encoder.encode(password).length > MAX_PASSWORD_BYTES;
    const ok = await compare(tooLong ? "" : password, account?.hash ?? DECOY_HASH);
    return ok && account && !tooLong ? { name, email: account.email } : undefined;
  };
}
