/**
 * `deno run -A bench/metrics_ab.ts`: what request metrics cost, measured three ways in one run:
 * no metrics, our registry (src/metrics/) and prom-client (npm). Each is a process serving
 * `GET /` through the app's request decorator (bench/metrics_ab_server.ts) with the app's V8
 * flags; throughput in alternating rounds (each ratio within its round), idle RSS after start and
 * one scrape. Prints a markdown table (see docs/decisions/metrics-registry.md).
 * @module
 */
import { RUNTIME_FLAGS } from "../tests/support/app_process.ts";
import { freePort, memory, start, type Started } from "./procs.ts";
import { median } from "./table.ts";
import { wrk } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url);
const VARIANTS = ["none", "own", "prom-client"] as const;
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? "5");
const ROUND_SECONDS = Number(Deno.env.get("BENCH_ROUND_SECONDS") ?? "2");
const CONNECTIONS = 50;

const servers: Record<string, Started & { url: string }> = {};
try {
  const idle: Record<string, number> = {};
  for (const variant of VARIANTS) {
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      "run",
      "-A",
      ...RUNTIME_FLAGS,
      "--quiet",
      "bench/metrics_ab_server.ts",
      variant,
      String(port),
    ];
    servers[variant] = {
      ...await start(args, { cwd: ROOT, stdoutFile: "/dev/null", readyUrl: `${url}/` }),
      url,
    };
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const variant of VARIANTS) {
    await (await fetch(`${servers[variant].url}/metrics`)).text();
    idle[variant] = memory(servers[variant].pid).rssMiB;
  }
  for (const variant of VARIANTS) {
    await wrk(`${servers[variant].url}/`, { seconds: 1, connections: CONNECTIONS });
  }
  const rps: Record<string, number[]> = { none: [], own: [], "prom-client": [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const variant of VARIANTS) {
      const result = await wrk(`${servers[variant].url}/`, {
        seconds: ROUND_SECONDS,
        connections: CONNECTIONS,
      });
      if (result.non2xx > 0 || result.socketErrors > 0) throw new Error(`${variant}: errors`);
      rps[variant].push(result.rps);
      console.error(`round ${r + 1} ${variant}: ${result.rps.toFixed(0)} req/s`);
    }
  }
  const peak: Record<string, number> = {};
  for (const variant of VARIANTS) peak[variant] = memory(servers[variant].pid).peakMiB;
  console.log(
    `Run ${new Date().toISOString()} on ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}: ` +
      `wrk -t1 -c${CONNECTIONS}, ${ROUNDS} rounds of ${ROUND_SECONDS} s alternating the three (medians; ratios within each round).\n`,
  );
  console.log("| variant | GET / req/s | vs no metrics | idle RSS MiB | peak RSS MiB |");
  console.log("| ------- | ----------: | ------------: | -----------: | -----------: |");
  for (const variant of VARIANTS) {
    const ratio = median(rps[variant].map((value, i) => value / rps.none[i]));
    console.log(
      `| ${variant} | ${median(rps[variant]).toFixed(0)} | ${ratio.toFixed(3)}x | ${
        idle[variant].toFixed(1)
      } | ${peak[variant].toFixed(1)} |`,
    );
  }
} finally {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
}
