/**
 * The two servers the benchmark compares: the app (from source, exactly as `deno task start`
 * runs it) and a bare `Deno.serve` (bench/baseline.ts), each on free loopback ports.
 * @module
 */
import { cliArgs } from "../tests/support/app_process.ts";
import { freePort } from "../tests/support/process.ts";
import { start, type Started } from "./procs.ts";
import { median } from "./table.ts";

const ROOT = new URL("../", import.meta.url);
/** The secret the app signs with during the benchmark (and the bench mints tokens with). */
export const SECRET = "bench-secret-not-for-production";
const STARTS = 3;

/** Every process started and not yet stopped, so a failure or a signal can stop them all. */
export const running = new Set<Started>();

/** Starts the app (monolith) or the bare baseline; resolves once it answers. */
export async function launch(kind: "app" | "bare", stdoutFile: string): Promise<Started & { url: string }> {
  const http = freePort();
  const health = kind === "app" ? freePort() : http;
  const args = kind === "app"
    ? cliArgs(["monolith", "-http", `127.0.0.1:${http}`, "-health", `127.0.0.1:${health}`, "-secret", SECRET])
    : ["run", "--allow-net", "--quiet", "bench/baseline.ts", String(http)];
  const readyUrl = `http://127.0.0.1:${health}${kind === "app" ? "/readiness" : "/"}`;
  const started = await start(args, { cwd: ROOT, stdoutFile, readyUrl });
  running.add(started);
  return { ...started, url: `http://127.0.0.1:${http}` };
}

/** Stops one process started by {@link launch}. */
export async function stop(process: Started): Promise<void> {
  running.delete(process);
  await process.stop();
}

/** Median time to ready over a few fresh starts, after one warm-up start. */
export async function startupMs(kind: "app" | "bare", stdoutFile: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= STARTS; i++) {
    const p = await launch(kind, stdoutFile);
    if (i > 0) times.push(p.readyMs);
    await stop(p);
  }
  return median(times);
}
