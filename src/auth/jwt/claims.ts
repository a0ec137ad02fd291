/**
 * The claims of our tokens and the checks every verifier applies to them, whatever signed them:
 * `exp` required, `iss` checked, `nbf` and `iat` honoured, with 30 s of clock tolerance.
 * @module
 */

/** Issuer the course's auth service writes and we require. */
export const ISSUER = "auth.service";
/** Lifetime of an issued token, as in the course (72 hours). */
export const TOKEN_LIFETIME_S = 72 * 60 * 60;
/** Tokens longer than this are refused before any parsing (ours are ~230 bytes). */
export const MAX_TOKEN_LENGTH = 4096;
/** How far the clocks of the signer and the verifier may disagree. */
export const CLOCK_TOLERANCE_MS = 30_000;

/** Claims of a token we issue or accept. */
export interface Claims {
  email: string;
  exp: number;
  iat: number;
  iss: string;
  sub: string;
}

/** The claims of a new token for `user` issued at `nowMs`, keys in the Go original's order. */
export function newClaims(user: { name: string; email: string }, nowMs: number): Claims {
  const iat = Math.floor(nowMs / 1000);
  return { email: user.email, exp: iat + TOKEN_LIFETIME_S, iat, iss: ISSUER, sub: user.name };
}

/** `payload` as frozen {@link Claims} if it is valid at `nowMs`, otherwise `undefined`. */
export function checkClaims(payload: Record<string, unknown>, nowMs: number): Claims | undefined {
  const { exp, iss, sub, iat, nbf } = payload;
  if (typeof exp !== "number" || nowMs > exp * 1000 + CLOCK_TOLERANCE_MS) return undefined;
  if (iss !== ISSUER || typeof sub !== "string") return undefined;
  if ("nbf" in payload && (typeof nbf !== "number" || nowMs < nbf * 1000 - CLOCK_TOLERANCE_MS)) {
    return undefined;
  }
  // A token issued in the future is not one of ours.
  if ("iat" in payload && (typeof iat !== "number" || iat * 1000 > nowMs + CLOCK_TOLERANCE_MS)) {
    return undefined;
  }
  return Object.freeze(payload) as unknown as Claims;
}

/** The window `[from, until]` in which verified `claims` may be served from a cache. */
export function cacheWindow(claims: Claims): [number, number] {
  const nbf = (claims as { nbf?: number }).nbf;
  return [nbf === undefined ? 0 : nbf * 1000 - CLOCK_TOLERANCE_MS, claims.exp * 1000 + CLOCK_TOLERANCE_MS];
}
