/**
 * JSON Web Tokens in the course's layout (HS256; claims `email`, `exp`, `iat`, `iss`, `sub`),
 * signed and verified with fast-jwt. Verification pins HS256, requires `exp`, checks `iss`,
 * refuses key-location headers, and keeps a bounded cache of verified tokens that honours `exp`.
 * @module
 */
import { createSigner, createVerifier } from "fast-jwt";

/** Issuer the course's auth service writes and we require. */
export const ISSUER = "auth.service";
/** Lifetime of an issued token, as in the course (72 hours). */
export const TOKEN_LIFETIME_S = 72 * 60 * 60;
/** Tokens longer than this are refused before any parsing (ours are ~230 bytes). */
export const MAX_TOKEN_LENGTH = 4096;

/** Claims of a token we issue or accept. */
export interface Claims {
  email: string;
  exp: number;
  iat: number;
  iss: string;
  sub: string;
}

/** Signs and checks tokens with one secret. */
export interface TokenService {
  /** Issues a token for `user`. */
  sign(user: { name: string; email: string }): string;
  /** The claims of a valid token, or `undefined` for anything else; never throws. */
  verify(token: string): Claims | undefined;
}

/** Options for {@link createTokenService}. */
export interface TokenOptions {
  secret: string;
  /** Fixed clock in milliseconds since the epoch, for tests; the real clock otherwise. */
  clockMs?: number;
  /** How many verified tokens to remember (0 disables the cache). */
  cacheSize?: number;
}

const ALLOWED_HEADER_KEYS = new Set(["alg", "typ"]);
// An HS256 signature is 32 bytes: 43 base64url characters whose last one has its two unused
// low bits zero. Decoders ignore those bits, so without this check four spellings of every
// signature would pass: one token, one string.
const CANONICAL_SIGNATURE = /\.[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const CLOCK_TOLERANCE_MS = 30_000;

/** Builds a {@link TokenService} for one secret. */
export function createTokenService(options: TokenOptions): TokenService {
  const { secret, clockMs, cacheSize = 10_000 } = options;
  const now = () => clockMs ?? Date.now();
  const signer = createSigner({ key: secret, algorithm: "HS256", clockTimestamp: clockMs });
  const verifier = createVerifier({
    key: secret,
    algorithms: ["HS256"],
    allowedIss: ISSUER,
    requiredClaims: ["exp", "iss", "sub"],
    clockTolerance: CLOCK_TOLERANCE_MS,
    clockTimestamp: clockMs,
    cache: cacheSize > 0 ? cacheSize : false,
    complete: true,
  });
  return {
    sign(user) {
      const iat = Math.floor(now() / 1000);
      // Key order matches the Go original (a Go map marshals sorted), so the bytes are the same.
      const claims: Claims = {
        email: user.email,
        exp: iat + TOKEN_LIFETIME_S,
        iat,
        iss: ISSUER,
        sub: user.name,
      };
      return signer(claims);
    },
    verify(token) {
      if (token.length > MAX_TOKEN_LENGTH || !CANONICAL_SIGNATURE.test(token)) return undefined;
      let decoded: { header: Record<string, unknown>; payload: Record<string, unknown> };
      try {
        decoded = verifier(token);
      } catch {
        return undefined;
      }
      return acceptable(decoded.header, decoded.payload, now())
        ? decoded.payload as unknown as Claims
        : undefined;
    },
  };
}

function acceptable(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  nowMs: number,
): boolean {
  for (const key in header) if (!ALLOWED_HEADER_KEYS.has(key)) return false;
  if (header.typ !== undefined && header.typ !== "JWT") return false;
  if (typeof payload.sub !== "string" || typeof payload.exp !== "number") return false;
  // fast-jwt checks iat only against a maxAge; a token issued in the future is not one of ours.
  if (
    payload.iat !== undefined &&
    (typeof payload.iat !== "number" || payload.iat * 1000 > nowMs + CLOCK_TOLERANCE_MS)
  ) {
    return false;
  }
  return true;
}
