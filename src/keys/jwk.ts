/**
 * Public keys as JWKs: RFC 7638 thumbprints as `kid`s, importing keys of a JWK Set and writing one,
 * Ed25519 and P-256 only.
 * @module
 */
import { toBase64url } from "../auth/jwt/base64url.ts";
import {
  IMPORT_PARAMS,
  type KeyAlg,
  KeyError,
  type PublicJwk,
  SIGN_PARAMS,
  type VerifyKey,
} from "./key_types.ts";

const encoder = new TextEncoder();

/** The RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key: its required members, sorted. */
export async function thumbprint(jwk: { kty: string; crv: string; x: string; y?: string }): Promise<string> {
  const members = jwk.kty === "EC"
    ? `{"crv":"${jwk.crv}","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`
    : `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}"}`;
  return toBase64url(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(members))));
}

/** Our algorithm name for a JWK's key type and curve, or `undefined` for one we do not accept. */
export function algOf(jwk: { kty?: unknown; crv?: unknown }): KeyAlg | undefined {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  return undefined;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A verify key from a JWK of a JWK Set; throws {@link KeyError} for a key we do not accept (wrong
 * type or curve, a private key, an `alg` or `use` that does not fit, a `kid` that is not its
 * thumbprint is fine: issuers choose their `kid`s).
 */
export async function importPublicJwk(value: unknown): Promise<VerifyKey> {
  if (value === null || typeof value !== "object") throw new KeyError("a key is not an object");
  const jwk = value as Record<string, unknown>;
  const alg = algOf(jwk);
  if (alg === undefined) {
    throw new KeyError(`unsupported key type ${JSON.stringify(jwk.kty)}/${JSON.stringify(jwk.crv)}`);
  }
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    throw new KeyError(`key alg ${JSON.stringify(jwk.alg)} does not fit its curve`);
  }
  if (jwk.use !== undefined && jwk.use !== "sig") {
    throw new KeyError(`key use ${JSON.stringify(jwk.use)} is not "sig"`);
  }
  if ("d" in jwk) throw new KeyError("a private key was published");
  if (typeof jwk.kid !== "string" || jwk.kid === "") throw new KeyError("a key has no kid");
  const coords = alg === "ES256" ? [jwk.x, jwk.y] : [jwk.x];
  if (!coords.every((c) => typeof c === "string" && B64URL.test(c))) {
    throw new KeyError("bad key coordinates");
  }
  const publicJwk: PublicJwk = {
    kty: jwk.kty as PublicJwk["kty"],
    crv: jwk.crv as PublicJwk["crv"],
    x: jwk.x as string,
    ...(alg === "ES256" ? { y: jwk.y as string } : {}),
    kid: jwk.kid,
    alg,
    use: "sig",
  };
  const { kid: _kid, alg: _alg, use: _use, ...material } = publicJwk;
  try {
    const key = await crypto.subtle.importKey("jwk", material, IMPORT_PARAMS[alg], false, ["verify"]);
    return { kid: jwk.kid, alg, key, jwk: publicJwk };
  } catch {
    throw new KeyError(`key ${JSON.stringify(jwk.kid)} is not a valid ${alg} public key`);
  }
}

/** The public JWK (with thumbprint `kid`) of an extractable key of `alg`, public or private. */
export async function publicJwkOf(key: CryptoKey, alg: KeyAlg): Promise<PublicJwk> {
  const full = await crypto.subtle.exportKey("jwk", key) as JsonWebKey;
  const bare = { kty: full.kty!, crv: full.crv!, x: full.x!, ...(alg === "ES256" ? { y: full.y! } : {}) };
  return { ...bare, kid: await thumbprint(bare), alg, use: "sig" } as PublicJwk;
}

/** Verifies that `key` and `publicKey` belong together by signing and checking a message. */
export async function samePair(alg: KeyAlg, privateKey: CryptoKey, publicKey: CryptoKey): Promise<boolean> {
  const message = encoder.encode("pair check");
  const signature = await crypto.subtle.sign(SIGN_PARAMS[alg], privateKey, message);
  return await crypto.subtle.verify(SIGN_PARAMS[alg], publicKey, signature, message);
}

/** The JWK Set document (RFC 7517) of `keys`, each key once: what `/.well-known/jwks.json` serves. */
export function jwkSet(keys: readonly VerifyKey[]): { keys: PublicJwk[] } {
  const seen = new Set<string>();
  return { keys: keys.filter((key) => !seen.has(key.kid) && seen.add(key.kid)).map((key) => key.jwk) };
}
