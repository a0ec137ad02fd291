/**
 * Child processes for the tests and the benchmark: free loopback ports to start them on, spawn
 * `deno <args>`, collect stderr (and stdout, unless it goes to a file), and stop it (a signal,
 * then SIGKILL after a grace period if asked).
 * @module
 */

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
  /** Resolves when the process has exited and its output is fully read. */
  status: Promise<Deno.CommandStatus>;
  /**
   * Sends `signal` (SIGTERM by default) and resolves the exit status; with `graceMs`, sends SIGKILL
   * if the process is still running that much later.
   */
  stop(signal?: Deno.Signal, graceMs?: number): Promise<Deno.CommandStatus>;
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
  const listeners: (() => void)[] = [];
  const readers = Promise.all([
    collectStdout ? collect(child.stdout, out, () => {}) : undefined,
    collect(child.stderr, err, () => listeners.forEach((listener) => listener())),
  ]);
  const status = readers.then(() => child.status);
  let exited = false;
  status.then(() => (exited = true));
  return {
    pid: child.pid,
    child,
    stdout: () => out.text,
    stderr: () => err.text,
    onStderr: (listener) => void listeners.push(listener),
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
