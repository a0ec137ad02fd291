/**
 * A command in a pseudo-terminal, as a user runs it at an interactive shell: `script(1)` makes the
 * terminal, and the command replaces the shell (`exec`), so it is the terminal's only foreground
 * process group, whatever `$SHELL` is. Without `exec`, a non-interactive `sh` that forks would sit in
 * that group too and die of the same Ctrl-C (dash does; bash does not), which no user's shell does.
 */
import { within } from "../../scripts/lib/wait.ts";

/** The Ctrl-C key, as a terminal receives it. */
export const CTRL_C = new Uint8Array([3]);

/** A running terminal: what it printed so far, keys to type, and how it ended. */
export interface Terminal {
  /** Everything printed so far, carriage returns removed. */
  output(): string;
  /** Types `keys` (bytes or text) into the terminal. */
  type(keys: Uint8Array | string): Promise<void>;
  /** Waits until `text` has been printed; fails after `ms`. */
  until(text: string, ms?: number): Promise<void>;
  /** Closes the keyboard and waits for the command's exit status. */
  status(): Promise<Deno.CommandStatus>;
  /** Kills the terminal if it is still running. */
  kill(): void;
}

/** Runs `command` (a shell command line) in a new terminal, from `cwd`, with `env` added. */
export function inTerminal(command: string, cwd: URL | string, env: Record<string, string> = {}): Terminal {
  const child = new Deno.Command("script", {
    args: ["-qfec", `exec ${command}`, "/dev/null"],
    cwd,
    env: { NO_COLOR: "1", SHELL: "/bin/sh", ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let output = "";
  const printed = new Set<() => void>();
  const reading = child.stdout.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(text) {
        output += text.replaceAll("\r", "");
        printed.forEach((listener) => listener());
      },
    }),
  );
  const keys = child.stdin.getWriter();
  const encoder = new TextEncoder();
  return {
    output: () => output,
    type: (bytes) => keys.write(typeof bytes === "string" ? encoder.encode(bytes) : bytes),
    until(text, ms = 30_000) {
      let check = () => {};
      const seen = new Promise<void>((resolve, reject) => {
        check = () => void (output.includes(text) && resolve());
        printed.add(check);
        const closed = () =>
          reject(new Error(`the terminal closed before ${JSON.stringify(text)}:\n${output}`));
        reading.then(closed, closed);
        check();
      });
      return within(seen, ms, () => `no ${JSON.stringify(text)} in ${ms} ms:\n${output}`)
        .finally(() => printed.delete(check));
    },
    async status() {
      await keys.close().catch(() => {});
      await reading;
      return await child.status;
    },
    kill() {
      try {
        child.kill("SIGKILL");
      } catch {
        // already exited
      }
    },
  };
}
