/**
 * Process metrics under their standard names (`process_*`), plus V8's heap (`deno_*`), read when
 * scraped. Not here, because the runtime does not expose them to the binary at a price we accept
 * (docs/decisions/observability-cost.md): open connections, open file descriptors and CPU time,
 * which Kubernetes has already (`container_cpu_usage_seconds_total` from the kubelet).
 * @module
 */
import type { Registry } from "./registry.ts";

/** Registers the process families on `registry`. */
export function registerProcessMetrics(registry: Registry): void {
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
