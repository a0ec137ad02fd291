/**
 * HS256 tokens in the course's layout, with one or more shared secrets: the first signs, all
 * verify (rotation). Verification pins the algorithm, requires `exp`, checks `iss`, refuses
 * key-location headers, and keeps a bounded cache of verified tokens that honours `exp`.
 * HMAC-SHA256 comes from @noble/hashes (audited, synchronous, about twice node:crypto's speed for
 * tokens this small, and no node:crypto to load at start-up).
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { TokenCache } from "./token_cache.ts";
import { cacheWindow, checkClaims, type Claims, MAX_TOKEN_LENGTH, newClaims } from "./jwt/claims.ts";
import { decodeInto, parseSegmentObject, SEGMENT, toBase64url } from "./jwt/base64url.ts";
import type { TokenService } from "./jwt/token_service.ts";

export { type Claims, ISSUER, MAX_TOKEN_LENGTH, TOKEN_LIFETIME_S } from "./jwt/claims.ts";
export type { TokenService } from "./jwt/token_service.ts";

/** A {@link TokenService} over shared secrets: everything it does is synchronous. */
export interface Hs256TokenService extends TokenService {
  sign(user: { name: string; email: string }): string;
  verify(token: string): Claims | undefined;
}

/** Options for {@link createHs256TokenService}. */
export interface Hs256Options {
  /** The secret, or several: the first signs, every one verifies. */
  secret: string | readonly string[];
  /** The clock, in milliseconds since the epoch; `Date.now` unless a test sets the time. */
  now?: () => number;
  /** How many verified tokens to remember (0 disables the cache). */
  cacheSize?: number;
  /** Told how each check ended (for metrics): verified now, refused, or valid from the cache. */
  onCheck?: (result: "valid" | "invalid" | "cached") => void;
}

// An HS256 signature is 32 bytes: 43 base64url characters whose last one has its two unused
// low bits zero. Decoders ignore those bits, so without this check four spellings of every
// signature would pass: one token, one string.
const CANONICAL_SIGNATURE = /\.[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const encoder = new TextEncoder();
// base64url of {"alg":"HS256","typ":"JWT"}: the header the Go original writes, byte for byte.
const HEADER_SEGMENT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
// Scratch space for one token at a time (verification is synchronous).
const scratch = new Uint8Array(MAX_TOKEN_LENGTH);
const signatureBytes = new Uint8Array(32);

/** Whether `token` carries the exact header our HS256 tokens (and the Go original's) carry. */
export const hasHs256Header = (token: string): boolean =>
  token.startsWith(HEADER_SEGMENT) && token.charCodeAt(HEADER_SEGMENT.length) === 46;

/** Builds an {@link Hs256TokenService} for one secret or several. */
export function createHs256TokenService(options: Hs256Options): Hs256TokenService {
  const { secret, now = Date.now, cacheSize = 10_000 } = options;
  const secrets = typeof secret === "string" ? [secret] : [...secret];
  if (secrets.length === 0) throw new Error("createHs256TokenService: no secret");
  // Keyed once: each MAC copies the state after the key blocks into one reused instance and
  // writes into one reused buffer, so a verification allocates almost nothing (less GC).
  const keyed = secrets.map((text) => hmac.create(sha256, encoder.encode(text)));
  const work = keyed[0].clone();
  const out = new Uint8Array(32);
  const mac = (key: (typeof keyed)[number], bytes: Uint8Array): Uint8Array => {
    key._cloneInto(work).update(bytes).digestInto(out);
    return out;
  };
  const inputBytes = (input: string): Uint8Array => {
    const { read, written } = encoder.encodeInto(input, scratch);
    return read === input.length ? scratch.subarray(0, written) : encoder.encode(input);
  };
  const signedByOne = (input: string, signature: Uint8Array): boolean => {
    const bytes = inputBytes(input);
    let ok = false;
    // Every secret is tried, so the time taken does not tell which one matched.
    for (const key of keyed) ok = equalBytes(signature, mac(key, bytes)) || ok;
    return ok;
  };
  const cache = new TokenCache<Claims>(cacheSize);
  const onCheck = options.onCheck ?? (() => {});
  return {
    sign(user) {
      const claims = newClaims(user, now());
      const input = `${HEADER_SEGMENT}.${toBase64url(encoder.encode(JSON.stringify(claims)))}`;
      return `${input}.${toBase64url(mac(keyed[0], inputBytes(input)))}`;
    },
    verify(token) {
      const nowMs = now();
      // Only tokens that passed every check below are ever cached, so a hit needs no re-check.
      const cached = token.length > MAX_TOKEN_LENGTH ? undefined : cache.get(token, nowMs);
      if (cached !== undefined) {
        onCheck("cached");
        return cached;
      }
      const claims = token.length > MAX_TOKEN_LENGTH || !CANONICAL_SIGNATURE.test(token)
        ? undefined
        : check(token, nowMs, signedByOne);
      onCheck(claims === undefined ? "invalid" : "valid");
      if (claims !== undefined) cache.set(token, claims, ...cacheWindow(claims));
      return claims;
    },
  };
}

function check(
  token: string,
  nowMs: number,
  signedByOne: (input: string, signature: Uint8Array) => boolean,
): Claims | undefined {
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
    const header = parseSegmentObject(headerText, scratch);
    if (header === undefined || header.alg !== "HS256") return undefined;
    for (const name in header) if (name !== "alg" && name !== "typ") return undefined;
    if (header.typ !== undefined && header.typ !== "JWT") return undefined;
  }

  // An HS256 signature is 32 bytes: 43 base64url characters.
  if (signatureText.length !== 43 || decodeInto(signatureText, signatureBytes) !== 32) return undefined;
  if (!signedByOne(token.slice(0, last), signatureBytes)) return undefined;

  const payload = parseSegmentObject(payloadText, scratch);
  return payload === undefined ? undefined : checkClaims(payload, nowMs);
}

/** Compares two byte strings in time independent of where they differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
