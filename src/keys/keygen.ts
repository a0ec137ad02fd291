/**
 * A fresh key pair as PEM: the private key PKCS#8 (`signing-key.pem`, written mode 0600), the public
 * key SPKI (`verify-key.pem`), never written over an existing file unless asked to.
 * @module
 */
import { join } from "node:path";
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

/** The paths of the key files already present in `dir`. */
export async function existingKeyFiles(dir: string): Promise<string[]> {
  const present = [];
  for (const name of KEY_FILE_NAMES) {
    try {
      await Deno.lstat(join(dir, name));
      present.push(join(dir, name));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return present;
}

/** Writes the key files into `dir` (created if missing); with `force`, replaces files already there. */
export async function writeKeyFiles(
  dir: string,
  files: Record<(typeof KEY_FILE_NAMES)[number], string>,
  force: boolean,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const name of KEY_FILE_NAMES) {
    const path = join(dir, name);
    if (force) await Deno.remove(path).catch(() => {});
    const mode = name === "signing-key.pem" ? 0o600 : 0o644;
    await Deno.writeTextFile(path, files[name], { createNew: true, mode });
    await Deno.chmod(path, mode); // the umask may have taken bits away from the public key
  }
}
