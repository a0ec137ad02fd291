/**
 * Process metrics under their standard names (`process_*`), plus V8's heap (`deno_*`), read when
 * scraped. Not here: open connections (`Deno.serve` does not expose a count) and open file
 * descriptors (Deno lets only `--allow-all` read `/proc/self/fd`, more than the binary is given).
 * @module
 */
import process from "node:process";
import type { Registry } from "./registry.ts";

/** Registers the process families on `registry`. */
export function registerProcessMetrics(registry: Registry): void {
  registry.gaugeFrom(
    "process_cpu_seconds_total",
    "User and system CPU time spent, in seconds.",
    () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    },
    "counter",
  );
  registry.gaugeFrom(
    "process_start_time_seconds",
    "Start time of the process since the Unix epoch, in seconds.",
    () => Math.floor(performance.timeOrigin) / 1000,
  );
  registry.gaugeFrom(
    "process_resident_memory_bytes",
    "Resident memory size, in bytes.",
    () => Deno.memoryUsage().rss,
  );
  registry.gaugeFrom("deno_heap_used_bytes", "V8 heap in use, in bytes.", () => Deno.memoryUsage().heapUsed);
  registry.gaugeFrom(
    "deno_heap_total_bytes",
    "V8 heap reserved, in bytes.",
    () => Deno.memoryUsage().heapTotal,
  );
  registry.gaugeFrom(
    "deno_external_memory_bytes",
    "Memory of JavaScript objects held outside the V8 heap, in bytes.",
    () => Deno.memoryUsage().external,
  );
}
