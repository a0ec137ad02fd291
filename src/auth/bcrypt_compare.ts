/**
 * One bcrypt comparison, in WebAssembly (hash-wasm): measured faster than bcryptjs and than Go's
 * x/crypto/bcrypt on the same machine (docs/decisions/bcrypt-implementation.md).
 * @module
 */
import { bcryptVerify } from "hash-wasm";

/** bcrypt reads at most this many bytes of a password. */
export const BCRYPT_MAX_BYTES = 72;

const encoder = new TextEncoder();
// bcrypt keys with the password's bytes and a NUL, cycled: "" and "\0" give the same key stream,
// and hash-wasm refuses an empty password, so "" is given as "\0".
const EMPTY = new Uint8Array(1);

/**
 * Whether `password` matches the `$2a$`/`$2b$`/`$2y$` `hash`; false for a malformed hash or a
 * password over {@link BCRYPT_MAX_BYTES}, never a throw.
 */
export async function compareBcrypt(password: string, hash: string): Promise<boolean> {
  const bytes = encoder.encode(password);
  if (bytes.length > BCRYPT_MAX_BYTES) return false;
  try {
    return await bcryptVerify({ password: bytes.length > 0 ? bytes : EMPTY, hash });
  } catch {
    return false;
  }
}
