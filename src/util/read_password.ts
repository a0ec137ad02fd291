/**
 * Reading a password from stdin: typed at a terminal without echo, or piped.
 * @module
 */

/** Why no password was read: the message is one line for stderr. */
export class PasswordInputError extends Error {
  override name = "PasswordInputError";
  constructor(message: string, readonly interrupted = false) {
    super(message);
  }
}

/** Piped input larger than this is refused (a password is at most 72 bytes for bcrypt). */
const MAX_PIPED_BYTES = 4096;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new PasswordInputError("the password is not valid UTF-8");
  }
}

/** Reads all of a piped stdin: one line, its newline (`\n` or `\r\n`) dropped. */
async function readPiped(stdin: ReadableStream<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    size += chunk.length;
    if (size > MAX_PIPED_BYTES) throw new PasswordInputError(`stdin is over ${MAX_PIPED_BYTES} bytes`);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const text = decode(bytes).replace(/\r?\n$/, "");
  if (/[\r\n]/.test(text)) throw new PasswordInputError("the password must be one line");
  return text;
}

/** Reads one line at a raw-mode terminal, echoing nothing; Backspace edits, Ctrl-C and Ctrl-D abort. */
async function readRawLine(): Promise<string> {
  const bytes: number[] = [];
  const buffer = new Uint8Array(256);
  for (;;) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) throw new PasswordInputError("no password given (end of input)");
    for (const byte of buffer.subarray(0, n)) {
      if (byte === 0x03) throw new PasswordInputError("interrupted", true);
      if (byte === 0x04 && bytes.length === 0) {
        throw new PasswordInputError("no password given (end of input)");
      }
      if (byte === 0x0d || byte === 0x0a) return decode(Uint8Array.from(bytes));
      if (byte === 0x7f || byte === 0x08) {
        // Drop one character: its UTF-8 continuation bytes (10xxxxxx), then its lead byte.
        while (bytes.length > 0 && (bytes[bytes.length - 1] & 0xc0) === 0x80) bytes.pop();
        bytes.pop();
      } else if (bytes.length < MAX_PIPED_BYTES) {
        bytes.push(byte);
      }
    }
  }
}

/**
 * The password from stdin. At a terminal: asks twice through `prompt` (stderr), without echo
 * (raw mode, restored afterwards), and refuses a mismatch; otherwise reads the piped line.
 * Throws {@link PasswordInputError}.
 */
export async function readPassword(prompt: (text: string) => void): Promise<string> {
  if (!Deno.stdin.isTerminal()) return await readPiped(Deno.stdin.readable);
  Deno.stdin.setRaw(true);
  try {
    prompt("Password: ");
    const first = await readRawLine();
    prompt("\nRetype password: ");
    const second = await readRawLine();
    prompt("\n");
    if (first !== second) throw new PasswordInputError("the passwords do not match");
    return first;
  } finally {
    Deno.stdin.setRaw(false);
  }
}
