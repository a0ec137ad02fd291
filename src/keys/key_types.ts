/**
 * The two signature algorithms we sign and verify with, and how WebCrypto names them.
 * @module
 */

/** JOSE names of the algorithms we accept: Ed25519 (`EdDSA`) and ECDSA P-256 with SHA-256. */
export type KeyAlg = "EdDSA" | "ES256";

/** Every accepted algorithm, the default first. */
export const KEY_ALGS: readonly KeyAlg[] = ["EdDSA", "ES256"];

/** WebCrypto parameters for importing and generating keys of `alg`. */
export const IMPORT_PARAMS: Record<KeyAlg, Algorithm | EcKeyImportParams> = {
  EdDSA: { name: "Ed25519" },
  ES256: { name: "ECDSA", namedCurve: "P-256" } as EcKeyImportParams,
};

/** WebCrypto parameters for signing and verifying with `alg`. */
export const SIGN_PARAMS: Record<KeyAlg, Algorithm | EcdsaParams> = {
  EdDSA: { name: "Ed25519" },
  ES256: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams,
};

/** A public key as a JWK (RFC 7517), with our `kid` and `alg`. */
export interface PublicJwk {
  kty: "OKP" | "EC";
  crv: "Ed25519" | "P-256";
  x: string;
  y?: string;
  kid: string;
  alg: KeyAlg;
  use: "sig";
}

/** A key that checks signatures. */
export interface VerifyKey {
  kid: string;
  alg: KeyAlg;
  key: CryptoKey;
  jwk: PublicJwk;
}

/** A key that makes signatures, with its public half. */
export interface SigningKey {
  alg: KeyAlg;
  privateKey: CryptoKey;
  public: VerifyKey;
}

/** A key file or JWK that cannot be used; the message is one line for users. */
export class KeyError extends Error {
  override name = "KeyError";
}
