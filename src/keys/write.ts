/**
 * Writing a key pair: the private key mode 0600, the public key 0644, never over an existing
 * file unless asked to.
 * @module
 */
import { join } from "node:path";
import { KEY_FILE_NAMES } from "./keygen.ts";

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
