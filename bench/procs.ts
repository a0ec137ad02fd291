/**
 * Starting and watching the processes under test: free ports, readiness polling, RSS from /proc.
 * @module
 */

/** A process the benchmark started. */
export interface Started {
  pid: number;
  child: Deno.ChildProcess;
  /** Milliseconds from spawn to the first 200 from the readiness URL. */
  readyMs: number;
  stderr(): string;
  stop(): Promise<void>;
}

/** A loopback port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Spawns `deno <args>` with stdout appended to `stdoutFile`. `exec` replaces the shell, so the
 * pid is the deno process itself. Polls `readyUrl` until it answers 200 (20 s at most).
 */
export async function start(
  args: readonly string[],
  options: { cwd: URL; stdoutFile: string; readyUrl: string; env?: Record<string, string> },
): Promise<Started> {
  const began = performance.now();
  const child = new Deno.Command("sh", {
    args: ["-c", 'exec "$0" "$@" >>"$BENCH_STDOUT"', Deno.execPath(), ...args],
    cwd: options.cwd,
    env: { NO_COLOR: "1", BENCH_STDOUT: options.stdoutFile, ...options.env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) err += decoder.decode(chunk, { stream: true });
  })();
  let exited = false;
  child.status.then(() => (exited = true));
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await child.status;
    clearTimeout(timer);
    await reading;
  };
  while (!(await answers200(options.readyUrl))) {
    if (exited || performance.now() - began > 20_000) {
      await stop();
      throw new Error(`${args.join(" ")} did not become ready:\n${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { pid: child.pid, child, readyMs: performance.now() - began, stderr: () => err, stop };
}
