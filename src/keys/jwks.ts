/**
 * JWK Sets (RFC 7517): the document `GET /.well-known/jwks.json` serves, and a fixed
 * {@link KeySource} over the keys read from files.
 * @module
 */
import type { KeySource } from "./verifier.ts";
import type { PublicJwk, VerifyKey } from "./key_types.ts";

/** The JWK Set document of `keys`, each key once. */
export function jwkSet(keys: readonly VerifyKey[]): { keys: PublicJwk[] } {
  const seen = new Set<string>();
  return { keys: keys.filter((key) => !seen.has(key.kid) && seen.add(key.kid)).map((key) => key.jwk) };
}

/** A fixed set of keys, by `kid`. */
export function staticKeys(keys: readonly VerifyKey[]): KeySource {
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  return { get: (kid) => byKid.get(kid) };
}
