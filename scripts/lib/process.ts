/**
 * Child processes for the tests and the benchmark: free loopback ports to start them on, spawn
 * `deno <args>`, collect stderr (and stdout, unless it goes to a file), and stop it (a signal,
 * then SIGKILL after a grace period if asked), and wait for what it prints.
 * @module
 */
import { within } from "./wait.ts";

/** A loopback TCP port nobody listens on right now (closed again before the caller binds it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A running child process. */
export interface Spawned {
  pid: number;
  child: Deno.ChildProcess;
  /** Everything written to stdout so far (empty when it goes to a file). */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Calls `listener` after each chunk of stderr arrives. */
  onStderr(listener: () => void): void;
  /**
   * Resolves the stream's text so far once `match` holds for it (a line was logged); rejects when
   * the process exits without it, or after `timeoutMs` (10 s), with the text in the message.
   */
  waitFor(stream: OutputStream, match: OutputMatch, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited and its output is fully read. */
  status: Promise<Deno.CommandStatus>;
  /**
   * Sends `signal` (SIGTERM by default) and resolves the exit status; with `graceMs`, sends SIGKILL
   * if the process is still running that much later.
   */
  stop(signal?: Deno.Signal, graceMs?: number): Promise<Deno.CommandStatus>;
}

/** Which output of a child to watch. */
export type OutputStream = "stdout" | "stderr";

/** What a wait looks for in a stream's text: a substring, a pattern, or a test of the whole text. */
export type OutputMatch = string | RegExp | ((text: string) => boolean);

/** Whether `match` holds for `text`. */
export function matches(match: OutputMatch, text: string): boolean {
  if (typeof match === "string") return text.includes(match);
  if (match instanceof RegExp) return match.test(text);
  return match(text);
}

/** Options for {@link spawnDeno}. */
export interface SpawnOptions {
  cwd: string | URL;
  env?: Record<string, string>;
  /**
   * Appends stdout to this file instead of collecting it (the benchmark's access log, so that
   * reading a pipe costs the measurement nothing). `exec` keeps the pid deno's own.
   */
  stdoutFile?: string;
  /** Leaves stdout a pipe nobody reads (a stalled log consumer); ignored with `stdoutFile`. */
  stdoutUnread?: boolean;
  /** Runs the child under `ulimit -n fdLimit` (its own RLIMIT_NOFILE; the test's stays as it is). */
  fdLimit?: number;
  /** A command that execs deno (`env --block-signal=...`), as the start task runs it; the pid stays deno's. */
  launcher?: readonly string[];
}

async function collect(stream: ReadableStream<Uint8Array>, sink: { text: string }, onText: () => void) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    sink.text += decoder.decode(chunk, { stream: true });
    onText();
  }
}

/** Spawns `deno <args>` (this very deno) with `NO_COLOR=1` and stdin closed. */
export function spawnDeno(args: readonly string[], options: SpawnOptions): Spawned {
  const env = { NO_COLOR: "1", ...options.env };
  const limit = options.fdLimit === undefined ? "" : `ulimit -n ${options.fdLimit} && `;
  const toFile = options.stdoutFile !== undefined;
  const collectStdout = !toFile && !options.stdoutUnread;
  const argv = [...(options.launcher ?? []), Deno.execPath(), ...args];
  const child = !toFile && options.fdLimit === undefined
    ? new Deno.Command(argv[0], {
      args: argv.slice(1),
      cwd: options.cwd,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn()
    : new Deno.Command("sh", {
      args: ["-c", `${limit}exec "$0" "$@"${toFile ? ' >>"$SPAWN_STDOUT"' : ""}`, ...argv],
      cwd: options.cwd,
      env: toFile ? { ...env, SPAWN_STDOUT: options.stdoutFile! } : env,
      stdin: "null",
      stdout: toFile ? "null" : "piped",
      stderr: "piped",
    }).spawn();
  const out = { text: "" };
  const err = { text: "" };
  const listeners = { stdout: new Set<() => void>(), stderr: new Set<() => void>() };
  const notify = (stream: OutputStream) => () => listeners[stream].forEach((listener) => listener());
  const readers = Promise.all([
    collectStdout ? collect(child.stdout, out, notify("stdout")) : undefined,
    collect(child.stderr, err, notify("stderr")),
  ]);
  const status = readers.then(() => child.status);
  let exited = false;
  status.then(() => (exited = true));
  const waitFor = (stream: OutputStream, match: OutputMatch, timeoutMs = 10_000) => {
    const text = () => (stream === "stdout" ? out.text : err.text);
    if (stream === "stdout" && !collectStdout) {
      return Promise.reject(new Error("waitFor: this child's stdout is not collected"));
    }
    // What the failure shows: the watched stream, and stderr too when stdout was watched.
    const shown = () => stream === "stderr" ? text() : `${text()}\nstderr:\n${err.text}`;
    let check = () => {};
    const what = `${typeof match === "function" ? "the awaited output" : match} on ${stream}`;
    const seen = new Promise<string>((resolve, reject) => {
      check = () => void (matches(match, text()) && resolve(text()));
      listeners[stream].add(check);
      status.then((s) => reject(new Error(`exited with ${s.code} before printing ${what}:\n${shown()}`)));
      check();
    });
    return within(seen, timeoutMs, () => `no ${what} in ${timeoutMs} ms:\n${shown()}`)
      .finally(() => listeners[stream].delete(check));
  };
  return {
    pid: child.pid,
    child,
    stdout: () => out.text,
    stderr: () => err.text,
    onStderr: (listener) => void listeners.stderr.add(listener),
    waitFor,
    status,
    async stop(signal: Deno.Signal = "SIGTERM", graceMs?: number) {
      const kill = (how: Deno.Signal) => {
        try {
          if (!exited) child.kill(how);
        } catch {
          // already exited
        }
      };
      kill(signal);
      const timer = graceMs === undefined ? undefined : setTimeout(() => kill("SIGKILL"), graceMs);
      try {
        return await status;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
