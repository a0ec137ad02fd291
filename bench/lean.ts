/**
 * The lean reference (bench/lean_reference.ts) in the benchmark: starting it, and the rows that
 * give the app's throughput as a ratio to it, taken within each round.
 * @module
 */
import { freePort } from "../scripts/lib/process.ts";
import { start, type Started } from "./procs.ts";
import { median, type Row } from "./table.ts";
import type { WrkResult } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url);

/** The app's throughput over the lean reference's, per route (the targets of `--lean` rows). */
export const LEAN_TARGETS = { get: 0.95, secure: 0.95 } as const;

/** Starts the lean reference on a free loopback port, its access log appended to `stdoutFile`. */
export async function launchLean(stdoutFile: string, secret: string): Promise<Started & { url: string }> {
  const port = freePort();
  const args = ["run", "--allow-net", "--quiet", "bench/lean_reference.ts", String(port), secret];
  const started = await start(args, { cwd: ROOT, stdoutFile, readyUrl: `http://127.0.0.1:${port}/` });
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** Median of the per-round ratios `ours[i] / theirs[i]` of req/s. */
export const roundRatio = (ours: WrkResult[], theirs: WrkResult[]): number =>
  median(theirs.map((result, i) => ours[i].rps / result.rps));

/**
 * The lean reference's rows: its req/s (with its ratio to bare Deno) and the app's ratio to it on
 * `GET /` and on `/secure` with one token, against {@link LEAN_TARGETS}.
 */
export function leanRows(
  runs: {
    bare: WrkResult[];
    get: WrkResult[];
    same: WrkResult[];
    leanGet: WrkResult[];
    leanSame: WrkResult[];
  },
): Row[] {
  if (runs.leanGet.length === 0) return [];
  const rps = (results: WrkResult[]) => median(results.map((result) => result.rps));
  const ratio = (results: WrkResult[]) => roundRatio(results, runs.bare);
  const versus = (name: string, ours: WrkResult[], lean: WrkResult[], min: number): Row => {
    const value = roundRatio(ours, lean);
    return { name, value, unit: "x", target: `>= ${min}x`, met: value >= min };
  };
  return [
    { name: "lean reference GET /", value: rps(runs.leanGet), unit: "req/s", ratio: ratio(runs.leanGet) },
    {
      name: "lean reference GET /secure (HS256), one token reused",
      value: rps(runs.leanSame),
      unit: "req/s",
      ratio: ratio(runs.leanSame),
    },
    versus("GET /, app over lean reference", runs.get, runs.leanGet, LEAN_TARGETS.get),
    versus("GET /secure, app over lean reference", runs.same, runs.leanSame, LEAN_TARGETS.secure),
  ];
}
