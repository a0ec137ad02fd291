/**
 * Reading a small file the operator points at (users, secrets, keys) without trusting what is
 * there: regular files only (a symlink to one is fine: Kubernetes mounts Secrets as symlinks) and
 * at most `cap` bytes, counted as they are read, never taken from `stat`. A device such as
 * `/dev/zero`, a FIFO or a directory is refused before it is opened (opening a FIFO waits for a
 * writer), and the opened file is checked again, so a swap in between is refused too.
 * @module
 */

/** The cap of every file the service reads: 1 MiB. */
export const MAX_FILE_BYTES = 1 << 20;

const CHUNK = 64 * 1024;

/** A file that is not a regular file, or holds more than the cap. */
export class FileRefused extends Error {
  override name = "FileRefused";
}

function requireRegular(info: Deno.FileInfo): void {
  if (info.isFile) return;
  const kind = info.isDirectory
    ? "a directory"
    : info.isFifo
    ? "a FIFO"
    : info.isCharDevice
    ? "a character device"
    : info.isBlockDevice
    ? "a block device"
    : info.isSocket
    ? "a socket"
    : "not a file";
  throw new FileRefused(`not a regular file (${kind})`);
}

function tooBig(cap: number): FileRefused {
  return new FileRefused(`over ${cap} bytes`);
}

function join(chunks: Uint8Array[], total: number): string {
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * The text of the regular file at `path`, read without blocking the event loop. Throws
 * {@link FileRefused} for another kind of file or more than `cap` bytes, and Deno's errors
 * (`Deno.errors.NotFound`, ...) for a file that cannot be opened.
 */
export async function readBoundedText(path: string, cap: number = MAX_FILE_BYTES): Promise<string> {
  requireRegular(await Deno.stat(path));
  using file = await Deno.open(path, { read: true });
  requireRegular(await file.stat());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(Math.min(CHUNK, cap + 1));
  while (total <= cap) {
    const n = await file.read(buffer.subarray(0, Math.min(buffer.length, cap + 1 - total)));
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  if (total > cap) throw tooBig(cap);
  return join(chunks, total);
}

/** {@link readBoundedText} for start-up, before anything is served. */
export function readBoundedTextSync(path: string, cap: number = MAX_FILE_BYTES): string {
  requireRegular(Deno.statSync(path));
  using file = Deno.openSync(path, { read: true });
  requireRegular(file.statSync());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(Math.min(CHUNK, cap + 1));
  while (total <= cap) {
    const n = file.readSync(buffer.subarray(0, Math.min(buffer.length, cap + 1 - total)));
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  if (total > cap) throw tooBig(cap);
  return join(chunks, total);
}
