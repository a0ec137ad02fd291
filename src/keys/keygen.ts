/**
 * A fresh key pair as PEM: the private key PKCS#8 (`signing-key.pem`), the public key SPKI
 * (`verify-key.pem`).
 * @module
 */
import { toPem } from "./pem.ts";
import { IMPORT_PARAMS, type KeyAlg } from "./key_types.ts";

/** File names `app keygen` writes, private key first. */
export const KEY_FILE_NAMES = ["signing-key.pem", "verify-key.pem"] as const;

/** Generates a key pair of `alg`; resolves the two files' contents by name. */
export async function generateKeyFiles(
  alg: KeyAlg,
): Promise<Record<(typeof KEY_FILE_NAMES)[number], string>> {
  const pair = await crypto.subtle.generateKey(IMPORT_PARAMS[alg] as EcKeyGenParams, true, [
    "sign",
    "verify",
  ]);
  const { privateKey, publicKey } = pair as CryptoKeyPair;
  return {
    "signing-key.pem": toPem(
      "PRIVATE KEY",
      new Uint8Array(await crypto.subtle.exportKey("pkcs8", privateKey)),
    ),
    "verify-key.pem": toPem("PUBLIC KEY", new Uint8Array(await crypto.subtle.exportKey("spki", publicKey))),
  };
}
