/**
 * Route dependencies for unit tests, built from fake ports: a token service answering what the
 * test says, a password check refusing everyone, a login share running each task at once.
 * Override any of them.
 * @module
 */
import type { Deps } from "../../src/http/app.ts";
import type { Claims } from "../../src/auth/jwt/claims.ts";

/** What a fake token service's `verify` answers, synchronously or not. */
export type Verify = Deps["tokens"]["verify"];

/** Claims a fake verifier can hand out. */
export const TEST_CLAIMS: Claims = Object.freeze({
  email: "user@example.com",
  exp: 4_102_444_800,
  iat: 1_700_000_000,
  iss: "auth.service",
  sub: "user",
});

/** A token service that signs `token-for-<name>` and verifies with `verify`; records the tokens it was asked about. */
export function fakeTokens(verify: Verify = () => undefined): Deps["tokens"] & { verified: string[] } {
  const verified: string[] = [];
  return {
    verified,
    sign: (user) => `token-for-${user.name}`,
    verify: (token) => (verified.push(token), verify(token)),
  };
}

/** Deps for `buildApp`, fake unless overridden. */
export function routeDeps(overrides: Partial<Deps> = {}): Deps {
  return {
    tokens: fakeTokens(),
    checkPassword: () => Promise.resolve(undefined),
    version: "9.9.9",
    loginShare: { run: (_client, task) => task(), size: () => 0 },
    ...overrides,
  };
}
