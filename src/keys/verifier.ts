/**
 * Checks tokens signed with a private key against public keys found by `kid`. The algorithm is
 * the key's, never the token's: a header whose `alg` differs from the key's is refused, as is
 * any header member but `alg`, `kid` and `typ` (so no `jku`, `x5u`, `jwk`, `x5c`, `crit`). Claims
 * are checked before the key lookup and the signature (cheap refusals first); verified tokens are
 * cached, so a reused token is answered synchronously.
 * @module
 */
import { decodeInto, parseSegmentObject, SEGMENT } from "../auth/jwt/base64url.ts";
import { cacheWindow, checkClaims, type Claims, MAX_TOKEN_LENGTH } from "../auth/jwt/claims.ts";
import { TokenCache } from "../auth/token_cache.ts";
import { SIGN_PARAMS, type VerifyKey } from "./key_types.ts";

/** Where the verifier finds keys. */
export interface KeySource {
  /** The key with `kid`, if known now. */
  get(kid: string): VerifyKey | undefined;
  /**
   * Asks for a fresh set because `kid` is unknown; resolves once it is in (or refused as too
   * soon or unreachable). Absent for a fixed set of keys. Rejects with `TokenKeysUnavailable`
   * when no key has ever been obtained.
   */
  refresh?(kid: string): Promise<void>;
}

/** A fixed set of keys (from files), by `kid`. */
export function staticKeys(keys: readonly VerifyKey[]): KeySource {
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  return { get: (kid) => byKid.get(kid) };
}

/**
 * `own` keys first, then `fetched` ones (only `fetched` is asked to refresh): a monolith verifies
 * the tokens of its own signing key besides those of the JWK Set it fetches.
 */
export function layeredKeys(own: KeySource, fetched: KeySource): KeySource {
  const refresh = fetched.refresh?.bind(fetched);
  return {
    get: (kid) => own.get(kid) ?? fetched.get(kid),
    ...(refresh ? { refresh } : {}),
  };
}

/** Options for {@link createKeyVerifier}. */
export interface KeyVerifierOptions {
  /** The clock, in milliseconds since the epoch; `Date.now` unless a test sets the time. */
  now?: () => number;
  /** How many verified tokens to remember (0 disables the cache). */
  cacheSize?: number;
}

// Ed25519 and P-256 (r || s) signatures are 64 bytes: 86 base64url characters, the last one
// with four unused low bits that must be zero (one spelling per signature).
const CANONICAL_SIGNATURE = /\.[A-Za-z0-9_-]{85}[AQgw]$/;
const ALLOWED_HEADER = new Set(["alg", "kid", "typ"]);
const encoder = new TextEncoder();
const scratch = new Uint8Array(MAX_TOKEN_LENGTH);

/** A verify function over `source`: claims, `undefined`, or a promise of either. */
export function createKeyVerifier(
  source: KeySource,
  options: KeyVerifierOptions = {},
): (token: string) => Claims | undefined | Promise<Claims | undefined> {
  const now = options.now ?? Date.now;
  const cache = new TokenCache<Claims>(options.cacheSize ?? 10_000);
  const check = async (token: string, key: VerifyKey, claims: Claims, last: number) => {
    const signature = new Uint8Array(64);
    if (decodeInto(token.slice(last + 1), signature) !== 64) return undefined;
    let ok = false;
    try {
      ok = await crypto.subtle.verify(
        SIGN_PARAMS[key.alg],
        key.key,
        signature,
        encoder.encode(token.slice(0, last)),
      );
    } catch {
      return undefined;
    }
    if (!ok) return undefined;
    cache.set(token, claims, ...cacheWindow(claims));
    return claims;
  };
  return function verify(token: string, refreshed = false): Claims | undefined | Promise<Claims | undefined> {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const nowMs = now();
    const cached = cache.get(token, nowMs);
    if (cached !== undefined) return cached;
    if (!CANONICAL_SIGNATURE.test(token)) return undefined;
    const first = token.indexOf(".");
    const last = token.lastIndexOf(".");
    if (first <= 0 || last <= first) return undefined;
    const headerText = token.slice(0, first);
    const payloadText = token.slice(first + 1, last);
    if (!SEGMENT.test(headerText) || !SEGMENT.test(payloadText)) return undefined;
    const header = parseSegmentObject(headerText, scratch);
    if (header === undefined || typeof header.kid !== "string" || typeof header.alg !== "string") {
      return undefined;
    }
    for (const name in header) if (!ALLOWED_HEADER.has(name)) return undefined;
    if (header.typ !== undefined && header.typ !== "JWT") return undefined;
    const payload = parseSegmentObject(payloadText, scratch);
    const claims = payload === undefined ? undefined : checkClaims(payload, nowMs);
    // Expired or foreign claims are refused before any key is looked up, let alone fetched.
    if (claims === undefined) return undefined;
    const key = source.get(header.kid);
    if (key === undefined) {
      if (refreshed || source.refresh === undefined) return undefined;
      // An unknown kid may be a key rotated in since the set was fetched: ask once, then retry.
      return source.refresh(header.kid).then(() => verify(token, true));
    }
    if (header.alg !== key.alg) return undefined;
    return check(token, key, claims, last);
  };
}
