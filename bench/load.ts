/**
 * One wrk scenario as the benchmark runs it: the load, a check that every request succeeded, and
 * a progress line on stderr with the watched process's memory.
 * @module
 */
import { memory, type Started } from "./procs.ts";
import { wrk, type WrkOptions, type WrkResult } from "./wrk.ts";

/**
 * Drives `url` with wrk and logs req/s, p50, p99 and, given `watched`, its RSS; throws if any
 * request failed or none was made.
 */
export async function load(
  name: string,
  url: string,
  options: WrkOptions,
  watched?: Started,
): Promise<WrkResult> {
  const result = await wrk(url, options);
  const mem = watched ? memory(watched.pid) : undefined;
  const rss = mem ? `, RSS ${mem.rssMiB.toFixed(1)} MiB (peak ${mem.peakMiB.toFixed(1)})` : "";
  if (result.non2xx > 0 || result.socketErrors > 0 || result.requests === 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.socketErrors} socket errors`);
  }
  console.error(
    `${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${rss}`,
  );
  return result;
}
