/**
 * A command's {@link Io} for in-process tests: what it writes is kept, its environment is a record.
 * @module
 */
import type { Io } from "../../src/cli/io.ts";

/** An {@link Io} that keeps stdout and stderr, and reads `env` as the environment. */
export function capturedIo(env: Record<string, string> = {}): { io: Io; out(): string; err(): string } {
  let out = "";
  let err = "";
  return {
    io: { out: (text) => void (out += text), err: (text) => void (err += text), env: (name) => env[name] },
    out: () => out,
    err: () => err,
  };
}
