/**
 * The real Prometheus tools from Debian: `promtool check metrics` on a text, and a Prometheus
 * server on loopback scraping given targets every second, with a client for its HTTP query API.
 * Tests that use them declare `needs("promtool")` or `needs("prometheus")` (support/tools.ts).
 * @module
 */
import { join } from "node:path";
import { waitReady, watchDaemon } from "../../scripts/lib/daemon.ts";
import { freePort } from "../../scripts/lib/process.ts";
import { toolPath } from "../../scripts/lib/tools.ts";

/** Runs `promtool check metrics` on `text`; its exit code and output. */
export async function promtoolCheck(text: string): Promise<{ code: number; output: string }> {
  const child = new Deno.Command(toolPath("promtool")!, {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, output: decoder.decode(out.stdout) + decoder.decode(out.stderr) };
}

/** One instant-vector sample: its labels and value. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
  /** Sample time of `timestamp(...)` queries, or the evaluation time, in seconds. */
  time: number;
}

/** A running Prometheus server. */
export interface Prometheus {
  url: string;
  /** Runs an instant query; rejects on an API error. */
  query(promql: string): Promise<Sample[]>;
  /** Its log so far. */
  stderr(): string;
  /** Stops it and removes its configuration and storage. */
  stop(): Promise<void>;
}

/**
 * Starts Prometheus on a free loopback port, scraping `targets` (host:port) at `metricsPath`
 * every second as job `app`; resolves once its API answers /-/ready.
 */
export async function startPrometheus(targets: string[], metricsPath = "/metrics"): Promise<Prometheus> {
  const dir = await Deno.makeTempDir({ prefix: "prometheus-test-" });
  const port = freePort();
  await Deno.writeTextFile(
    join(dir, "prometheus.yml"),
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n` +
      `scrape_configs:\n  - job_name: app\n    metrics_path: ${metricsPath}\n` +
      `    static_configs:\n      - targets: [${targets.map((t) => JSON.stringify(t)).join(", ")}]\n`,
  );
  const child = new Deno.Command(toolPath("prometheus")!, {
    args: [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const daemon = watchDaemon(child, dir);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(daemon, {
    ready: () => fetch(`${url}/-/ready`).then(async (r) => (await r.body?.cancel(), r.ok), () => false),
    timeoutMs: 20_000,
    intervalMs: 100,
    exitedMessage: "prometheus exited before it was ready",
    timeoutMessage: "prometheus not ready in 20 s",
  });
  const query = async (promql: string): Promise<Sample[]> => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = await response.json();
    if (body.status !== "success") throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
    return body.data.result.map((r: { metric: Record<string, string>; value: [number, string] }) => ({
      metric: r.metric,
      value: Number(r.value[1]),
      time: r.value[0],
    }));
  };
  return { url, query, stderr: daemon.stderr, stop: daemon.stop };
}
