/**
 * The two servers the benchmark compares: the app (from source, exactly as `deno task start`
 * runs it) and a bare `Deno.serve` (bench/baseline.ts), each on free loopback ports.
 * @module
 */
import { join } from "node:path";
import { cliArgs } from "../scripts/lib/app_process.ts";
import { freePort } from "../scripts/lib/process.ts";
import { start, type Started } from "./procs.ts";
import { median } from "./table.ts";

const ROOT = new URL("../", import.meta.url);
/** The secret the app signs with during the benchmark (and the bench mints tokens with). */
export const SECRET = "bench-secret-not-for-production";
const STARTS = 3;

/** Every process started and not yet stopped, so a failure or a signal can stop them all. */
export const running = new Set<Started>();

/** Starts the app (monolith) or the bare baseline; resolves once it answers. */
export async function launch(
  kind: "app" | "bare",
  stdoutFile: string,
  env: Record<string, string> = {},
  extraArgs: readonly string[] = [],
): Promise<Started & { url: string }> {
  const http = freePort();
  const health = kind === "app" ? freePort() : http;
  const args = kind === "app"
    ? cliArgs([
      "monolith",
      "-http",
      `127.0.0.1:${http}`,
      "-health",
      `127.0.0.1:${health}`,
      "-secret",
      SECRET,
      ...extraArgs,
    ])
    : ["run", "--allow-net", "--quiet", "bench/baseline.ts", String(http)];
  const readyUrl = `http://127.0.0.1:${health}${kind === "app" ? "/readiness" : "/"}`;
  const started = await start(args, { cwd: ROOT, stdoutFile, readyUrl, env });
  running.add(started);
  return { ...started, url: `http://127.0.0.1:${http}` };
}

/**
 * A local OTLP/HTTP receiver that accepts and discards spans, and the environment that makes the
 * app export its traces to it (Deno's default protocol, http/protobuf).
 */
export function startTraceSink(): {
  env: Record<string, string>;
  spansBytes: () => number;
  close(): Promise<void>;
} {
  let bytes = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    bytes += (await request.arrayBuffer()).byteLength;
    return new Response(null, { status: 200 });
  });
  return {
    env: { OTEL_DENO: "true", OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${server.addr.port}` },
    spansBytes: () => bytes,
    close: () => server.shutdown(),
  };
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

/**
 * Median time to ready over a few starts, each from a fresh DENO_DIR: nothing transpiled, no V8 code
 * cache. Its npm packages are linked from the current cache (the benchmark stays on loopback), so
 * download time is not in it.
 */
export async function coldStartMs(kind: "app" | "bare", stdoutFile: string): Promise<number> {
  const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
    .output();
  const { denoDir } = JSON.parse(new TextDecoder().decode(info.stdout)) as { denoDir: string };
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const fresh = await Deno.makeTempDir({ prefix: "bench-deno-dir-" });
    try {
      await Deno.symlink(join(denoDir, "npm"), join(fresh, "npm"));
      const p = await launch(kind, stdoutFile, { DENO_DIR: fresh });
      times.push(p.readyMs);
      await stop(p);
    } finally {
      await Deno.remove(fresh, { recursive: true });
    }
  }
  return median(times);
}
