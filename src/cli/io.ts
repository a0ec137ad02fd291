/**
 * What a command talks to: its output streams and environment (injectable for tests), and the
 * exit codes it answers with.
 * @module
 */

/** Where a command writes and what environment it reads. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env(name: string): string | undefined;
}

const encoder = new TextEncoder();

/** The real process's stdout, stderr and environment. */
export const processIo: Io = {
  out: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  err: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  env: (name) => Deno.env.get(name),
};

/** Exit codes, as Go programs use them. */
export const Exit = {
  /** Done, or help asked for. */
  ok: 0,
  /** Well-formed but failed: bad configuration, a port in use, a file in the way. */
  failure: 1,
  /** A command-line mistake (usage printed), as Go's `flag` package exits. */
  usage: 2,
} as const;
