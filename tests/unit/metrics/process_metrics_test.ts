import assert from "node:assert/strict";
import { registerProcessMetrics } from "../../../src/metrics/process_metrics.ts";
import { Registry } from "../../../src/metrics/registry.ts";

const NAMES = [
  "process_start_time_seconds",
  "process_resident_memory_bytes",
  "deno_heap_used_bytes",
  "deno_heap_total_bytes",
  "deno_external_memory_bytes",
];

function render() {
  const registry = new Registry();
  registerProcessMetrics(registry);
  return { registry, text: registry.render() };
}

function values(text: string): Record<string, number> {
  const lines = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  return Object.fromEntries(lines.map((line) => [line.split(" ")[0], Number(line.split(" ")[1])]));
}

Deno.test("process metrics: the standard names, typed as gauges, with help", () => {
  const { text } = render();
  for (const name of NAMES) {
    assert.match(text, new RegExp(`^# HELP ${name} \\S.*$`, "m"));
    assert.match(text, new RegExp(`^# TYPE ${name} gauge$`, "m"));
  }
  assert.deepEqual(Object.keys(values(text)), NAMES);
});

Deno.test("process metrics: plausible values: a start time in seconds before now, memory in bytes", () => {
  const sample = values(render().text);
  const start = sample.process_start_time_seconds;
  assert.equal(start, Math.floor(performance.timeOrigin) / 1000, "seconds, not milliseconds");
  assert.ok(start <= Date.now() / 1000);
  for (const name of NAMES.slice(1)) {
    assert.ok(Number.isSafeInteger(sample[name]) && sample[name] >= 0, `${name} = ${sample[name]}`);
  }
  assert.ok(sample.deno_heap_used_bytes <= sample.deno_heap_total_bytes);
  assert.ok(sample.process_resident_memory_bytes > sample.deno_heap_used_bytes, "RSS holds the heap in use");
});

Deno.test("process metrics: read at each scrape, not frozen at registration", () => {
  const { registry } = render();
  let reads = 0;
  const memoryUsage = Deno.memoryUsage;
  // Deno.memoryUsage is the source; counting its calls shows each scrape asks again.
  Deno.memoryUsage = () => (reads++, memoryUsage());
  try {
    registry.render();
    const once = reads;
    registry.render();
    assert.ok(once > 0);
    assert.equal(reads, 2 * once);
  } finally {
    Deno.memoryUsage = memoryUsage;
  }
});

Deno.test("process metrics: registering twice on one registry is refused, not a duplicate family", () => {
  const { registry } = render();
  assert.throws(() => registerProcessMetrics(registry), /registered twice/);
});
