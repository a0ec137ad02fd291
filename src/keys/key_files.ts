/**
 * Reading key files: a PKCS#8 private key (`-signing-key`) or an SPKI public key (`-verify-key`),
 * Ed25519 or ECDSA P-256, recognised by trying each algorithm.
 * @module
 */
import { fromPem, pemLabels } from "./pem.ts";
import { publicJwkOf } from "./jwk.ts";
import { IMPORT_PARAMS, KEY_ALGS, KeyError, type SigningKey, type VerifyKey } from "./key_types.ts";

function hint(text: string, want: string): string {
  const labels = pemLabels(text);
  if (labels.length === 0) return "not a PEM file";
  if (labels.includes("EC PRIVATE KEY")) {
    return "an EC PRIVATE KEY (SEC1); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out signing-key.pem";
  }
  if (labels.includes("ENCRYPTED PRIVATE KEY")) {
    return "an encrypted key; write it unencrypted (openssl pkcs8 -nocrypt)";
  }
  return `holds ${labels.join(", ")}, want ${want}`;
}

/** `der` imported as the first of our algorithms that takes it, or undefined if none does. */
async function importAny(
  format: "pkcs8" | "spki",
  der: Uint8Array<ArrayBuffer>,
  usage: "sign" | "verify",
): Promise<{ alg: (typeof KEY_ALGS)[number]; key: CryptoKey } | undefined> {
  for (const alg of KEY_ALGS) {
    try {
      return { alg, key: await crypto.subtle.importKey(format, der, IMPORT_PARAMS[alg], true, [usage]) };
    } catch {
      // not this algorithm's key
    }
  }
  return undefined;
}

/** Imports the first `PRIVATE KEY` (PKCS#8) of `text` as a signing key. Throws {@link KeyError}. */
export async function parseSigningKey(text: string): Promise<SigningKey> {
  const der = fromPem(text, "PRIVATE KEY");
  if (der === undefined) throw new KeyError(hint(text, "PRIVATE KEY (PKCS#8)"));
  const imported = await importAny("pkcs8", der, "sign");
  if (imported === undefined) throw new KeyError("not an Ed25519 or ECDSA P-256 private key");
  const { alg, key: privateKey } = imported;
  const jwk = await publicJwkOf(privateKey, alg);
  const { kid: _k, alg: _a, use: _u, ...material } = jwk;
  const key = await crypto.subtle.importKey("jwk", material, IMPORT_PARAMS[alg], true, ["verify"]);
  return { alg, privateKey, public: { kid: jwk.kid, alg, key, jwk } };
}

/** Imports the first `PUBLIC KEY` (SPKI) of `text` as a verify key. Throws {@link KeyError}. */
export async function parseVerifyKey(text: string): Promise<VerifyKey> {
  const der = fromPem(text, "PUBLIC KEY");
  if (der === undefined) throw new KeyError(hint(text, "PUBLIC KEY (SPKI)"));
  const imported = await importAny("spki", der, "verify");
  if (imported === undefined) throw new KeyError("not an Ed25519 or ECDSA P-256 public key");
  const jwk = await publicJwkOf(imported.key, imported.alg);
  return { kid: jwk.kid, alg: imported.alg, key: imported.key, jwk };
}
