/**
 * One bcrypt comparison, in WebAssembly (hash-wasm): measured faster than bcryptjs, and
 * 1.03-1.05x the CPU of Go's x/crypto/bcrypt on the same machine (docs/decisions/bcrypt-one-worker.md).
 * @module
 */
// The ES module build: the package's main entry is a UMD (CommonJS) file, ~3 MiB more in the worker.
import { bcryptVerify } from "hash-wasm/dist/index.esm.js";

/** bcrypt reads at most this many bytes of a password. */
export const BCRYPT_MAX_BYTES = 72;

const encoder = new TextEncoder();
// bcrypt keys with the password's bytes and a NUL, cycled: "" and "\0" give the same key stream,
// and hash-wasm refuses an empty password, so "" is given as "\0".
const EMPTY = new Uint8Array(1);
// The hashes hash-wasm takes: a variant, a cost of 04-31, 22 characters of salt and 31 of digest.
const HASH = /^\$2[abxy]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/;

/**
 * Whether `password` matches the `$2a$`/`$2b$`/`$2y$` `hash`; false for a malformed hash or a
 * password over {@link BCRYPT_MAX_BYTES}. Throws only when bcrypt cannot run at all (no
 * WebAssembly, as under V8's `--jitless`): that is no wrong password, and must not count as one.
 */
export async function compareBcrypt(password: string, hash: string): Promise<boolean> {
  const bytes = encoder.encode(password);
  if (bytes.length > BCRYPT_MAX_BYTES || !HASH.test(hash)) return false;
  return await bcryptVerify({ password: bytes.length > 0 ? bytes : EMPTY, hash });
}
