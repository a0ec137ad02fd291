/**
 * Which certificates the frontend serves: the repository's `tls/` when it holds all of them, else
 * a fresh `app certgen` in the script's temporary directory (removed with it).
 * @module
 */
import { join } from "node:path";
import { runCli } from "../lib/app_process.ts";

const CERTS = ["ca.pem", "cert.pem", "key.pem"];

/** Where the certificates are, and whether they are a temporary certgen. */
export interface TlsChoice {
  dir: string;
  temporary: boolean;
}

/** Chooses `tls/` under `root` when complete; else runs `app certgen` into `work/tls`. */
export async function chooseTls(root: URL, work: string): Promise<TlsChoice> {
  const repoTls = new URL("tls/", root).pathname;
  const haveRepoTls = (await Promise.all(CERTS.map((name) => exists(join(repoTls, name))))).every(Boolean);
  if (haveRepoTls) return { dir: repoTls, temporary: false };
  const dir = join(work, "tls");
  const certgen = await runCli(["certgen", "-out", dir]);
  if (certgen.code !== 0) throw new Error(`app certgen failed: ${certgen.stderr.trim()}`);
  return { dir, temporary: true };
}

function exists(path: string): Promise<boolean> {
  return Deno.stat(path).then(() => true, () => false);
}
