/**
 * Starting and watching the processes under test: readiness polling and RSS from /proc. Spawning
 * and free ports are the shared tooling (scripts/lib/) the tests use too, so both measure the same processes.
 * @module
 */
import { spawnDeno, type Spawned } from "../scripts/lib/process.ts";

/** A process the benchmark started. */
export interface Started {
  pid: number;
  child: Deno.ChildProcess;
  /** Milliseconds from spawn to the first 200 from the readiness URL. */
  readyMs: number;
  stderr(): string;
  stop(): Promise<void>;
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}

/** Milliseconds of CPU (user + system, every thread) a process has used so far, from /proc. */
export function cpuMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 1000 / CLOCK_TICKS;
}

const CLOCK_TICKS = clockTicks();

function clockTicks(): number {
  try {
    const out = new Deno.Command("getconf", { args: ["CLK_TCK"], stderr: "null" }).outputSync();
    return Number(new TextDecoder().decode(out.stdout).trim()) || 100;
  } catch {
    return 100; // Linux's USER_HZ everywhere we run
  }
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
 * Spawns `deno <args>` with stdout appended to `stdoutFile` and polls `readyUrl` until it answers
 * 200 (20 s at most).
 */
export async function start(
  args: readonly string[],
  options: { cwd: URL; stdoutFile: string; readyUrl: string; env?: Record<string, string> },
): Promise<Started> {
  const began = performance.now();
  const process: Spawned = spawnDeno(args, {
    cwd: options.cwd,
    env: options.env,
    stdoutFile: options.stdoutFile,
  });
  let exited = false;
  process.status.then(() => (exited = true));
  const stop = async () => void await process.stop("SIGTERM", 5000);
  while (!(await answers200(options.readyUrl))) {
    if (exited || performance.now() - began > 20_000) {
      await stop();
      throw new Error(`${args.join(" ")} did not become ready:\n${process.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return {
    pid: process.pid,
    child: process.child,
    readyMs: performance.now() - began,
    stderr: process.stderr,
    stop,
  };
}
