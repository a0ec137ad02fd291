/**
 * Writing the certificate files: keys mode 0600, certificates 0644, never over an existing file
 * unless asked to.
 * @module
 */
import { join } from "node:path";
import { CERT_FILE_NAMES, type CertificateFiles, KEY_FILE_NAMES } from "./certificates.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The paths of the certificate files already present in `dir`, in {@link CERT_FILE_NAMES} order. */
export async function existingFiles(dir: string): Promise<string[]> {
  const present = [];
  for (const name of CERT_FILE_NAMES) if (await exists(join(dir, name))) present.push(join(dir, name));
  return present;
}

/** Writes `files` into `dir` (created if missing); with `force`, replaces files already there. */
export async function writeFiles(dir: string, files: CertificateFiles, force: boolean): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const name of CERT_FILE_NAMES) {
    const path = join(dir, name);
    if (force) await Deno.remove(path).catch(() => {});
    const mode = KEY_FILE_NAMES.includes(name) ? 0o600 : 0o644;
    await Deno.writeTextFile(path, files[name], { createNew: true, mode });
    await Deno.chmod(path, mode); // the umask may have taken bits away from the certificates
  }
}
