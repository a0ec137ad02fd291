/**
 * The memory of a process under test, from /proc.
 * @module
 */

/** Peak resident memory (VmHWM) of process `pid` in MiB, or undefined once it is gone. */
export function peakMiB(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
  } catch {
    return undefined;
  }
}
