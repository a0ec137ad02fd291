/**
 * The port the routes use to issue and check tokens, whatever signs them (shared secrets or a
 * private key) and however the verifying keys are found.
 * @module
 */
import type { Claims } from "./claims.ts";

/** Signs and checks tokens. */
export interface TokenService {
  /** Issues a token for `user` (asynchronous only when a private key signs). */
  sign(user: { name: string; email: string }): string | Promise<string>;
  /**
   * The claims of a valid token, or `undefined` for anything else; never throws, never rejects
   * except with {@link TokenKeysUnavailable}. Synchronous whenever it can be (shared secrets, a
   * cached token), so the common case stays on the fast path.
   */
  verify(token: string): Claims | undefined | Promise<Claims | undefined>;
}

/** Tokens cannot be checked yet: no verification key has been obtained (a JWKS URL never answered). */
export class TokenKeysUnavailable extends Error {
  override name = "TokenKeysUnavailable";
}
