/**
 * HS256 tokens in the course's layout. Verification pins the algorithm, requires `exp`, checks
 * `iss`, refuses key-location headers, and keeps a bounded cache of verified tokens that honours
 * `exp`. HMAC-SHA256 comes from @noble/hashes (audited, synchronous, about twice node:crypto's
 * speed for tokens this small, and no node:crypto to load at start-up).
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { TokenCache } from "./token_cache.ts";

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
  /** The clock, in milliseconds since the epoch; `Date.now` unless a test sets the time. */
  now?: () => number;
  /** How many verified tokens to remember (0 disables the cache). */
  cacheSize?: number;
}

const CLOCK_TOLERANCE_MS = 30_000;
// An HS256 signature is 32 bytes: 43 base64url characters whose last one has its two unused
// low bits zero. Decoders ignore those bits, so without this check four spellings of every
// signature would pass: one token, one string.
const CANONICAL_SIGNATURE = /\.[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// base64url of {"alg":"HS256","typ":"JWT"}: the header the Go original writes, byte for byte.
const HEADER_SEGMENT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

// Scratch space for one token at a time (verification is synchronous).
const scratch = new Uint8Array(MAX_TOKEN_LENGTH);
const signatureBytes = new Uint8Array(32);
const BASE64URL = { alphabet: "base64url", lastChunkHandling: "loose" } as const;

/** Decodes base64url into `target`; the decoded length, or -1 if it is not valid or does not fit. */
function decodeInto(text: string, target: Uint8Array): number {
  try {
    const { read, written } = target.setFromBase64(text, BASE64URL);
    return read === text.length ? written : -1;
  } catch {
    return -1;
  }
}

const toBase64url = (bytes: Uint8Array) => bytes.toBase64({ alphabet: "base64url", omitPadding: true });

/** Builds a {@link TokenService} for one secret. */
export function createTokenService(options: TokenOptions): TokenService {
  const { secret, now = Date.now, cacheSize = 10_000 } = options;
  // Keyed once: each MAC copies the state after the key blocks into one reused instance and
  // writes into one reused buffer, so a verification allocates almost nothing (less GC).
  const keyed = hmac.create(sha256, encoder.encode(secret));
  const work = keyed.clone();
  const out = new Uint8Array(32);
  const mac = (input: string): Uint8Array => {
    const { read, written } = encoder.encodeInto(input, scratch);
    const bytes = read === input.length ? scratch.subarray(0, written) : encoder.encode(input);
    keyed._cloneInto(work).update(bytes).digestInto(out);
    return out;
  };
  const cache = new TokenCache<Claims>(cacheSize);
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
      const input = `${HEADER_SEGMENT}.${toBase64url(encoder.encode(JSON.stringify(claims)))}`;
      return `${input}.${toBase64url(mac(input))}`;
    },
    verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) return undefined;
      const nowMs = now();
      // Only tokens that passed every check below are ever cached, so a hit needs no re-check.
      const cached = cache.get(token, nowMs);
      if (cached !== undefined) return cached;
      if (!CANONICAL_SIGNATURE.test(token)) return undefined;
      const claims = check(token, nowMs, mac);
      if (claims !== undefined) {
        const nbf = (claims as { nbf?: number }).nbf;
        cache.set(
          token,
          claims,
          nbf === undefined ? 0 : nbf * 1000 - CLOCK_TOLERANCE_MS,
          claims.exp * 1000 + CLOCK_TOLERANCE_MS,
        );
      }
      return claims;
    },
  };
}

function parseObject(segment: string): Record<string, unknown> | undefined {
  const length = decodeInto(segment, scratch);
  if (length < 0) return undefined;
  try {
    const value = JSON.parse(decoder.decode(scratch.subarray(0, length)));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function check(token: string, nowMs: number, mac: (input: string) => Uint8Array): Claims | undefined {
  const first = token.indexOf(".");
  const last = token.lastIndexOf(".");
  if (first <= 0 || last <= first) return undefined;
  const headerText = token.slice(0, first);
  const payloadText = token.slice(first + 1, last);
  const signatureText = token.slice(last + 1);
  if (!SEGMENT.test(headerText) || !SEGMENT.test(payloadText) || !SEGMENT.test(signatureText)) {
    return undefined;
  }

  if (headerText !== HEADER_SEGMENT) {
    const header = parseObject(headerText);
    if (header === undefined || header.alg !== "HS256") return undefined;
    for (const name in header) if (name !== "alg" && name !== "typ") return undefined;
    if (header.typ !== undefined && header.typ !== "JWT") return undefined;
  }

  // An HS256 signature is 32 bytes: 43 base64url characters.
  if (signatureText.length !== 43 || decodeInto(signatureText, signatureBytes) !== 32) return undefined;
  if (!equalBytes(signatureBytes, mac(token.slice(0, last)))) return undefined;

  const payload = parseObject(payloadText);
  if (payload === undefined) return undefined;
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

/** Compares two byte strings in time independent of where they differ. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
