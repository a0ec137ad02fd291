/**
 * SHA-256 checksums in the format `sha256sum -c` reads: `<hex>  <name>` per line.
 * @module
 */
import { createHash } from "node:crypto";

/** The SHA-256 of a file, hex, read in chunks (the binaries are ~100 MB). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/** A SHA256SUMS file's text for `names`, files in `dir` (run `sha256sum -c SHA256SUMS` there). */
export async function checksumFile(dir: string, names: readonly string[]): Promise<string> {
  const lines = [];
  for (const name of names) lines.push(`${await sha256File(`${dir}/${name}`)}  ${name}\n`);
  return lines.join("");
}
