/**
 * Writes the benchmark's results: the markdown table to stdout, the raw figures to
 * bench/results/latest.json (git-ignored), and, only when asked to record (`--record`), the table
 * into the "Latest run" section of bench/README.md (committed), so that a run on a developer's
 * machine never dirties the tree by itself.
 * @module
 */
import type { Peer } from "./peer.ts";
import { markdownTable, type Row } from "./table.ts";

/** The lines that enclose the recorded run in bench/README.md. */
export const LATEST_START = "<!-- latest run: written by `deno task bench --record` -->";
export const LATEST_END = "<!-- end of latest run -->";

/** What the command line asked for. */
export interface BenchArgs {
  /** Write the table into bench/README.md. */
  record: boolean;
  /** A running server to load beside the app (`--peer URL [--peer-name NAME] [--peer-pid PID]`). */
  peer?: Peer;
}

/** Usage of `deno task bench`. */
export const BENCH_USAGE =
  "usage: deno task bench [--record] [--peer URL [--peer-name NAME] [--peer-pid PID]]\n" +
  "  --record     also write the table into bench/README.md (committed); without it only\n" +
  "               bench/results/ (git-ignored) is written\n" +
  "  --peer URL   a running server with the course's API (the Go original, another build of ours),\n" +
  "               loaded in the same rounds; the table adds its figures and the app's ratio to them\n" +
  "  --peer-name  its name in the table (peer)\n" +
  "  --peer-pid   its process id, to report its RSS";

/** Parses `deno task bench` arguments; throws with the usage on anything else. */
export function parseBenchArgs(args: readonly string[]): BenchArgs {
  const values = new Map<string, string>();
  let record = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag === "--record" && inline === undefined) {
      record = true;
      continue;
    }
    if (!["--peer", "--peer-name", "--peer-pid"].includes(flag)) {
      throw new Error(`unknown argument ${args[i]}\n${BENCH_USAGE}`);
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === "") throw new Error(`${flag} needs a value\n${BENCH_USAGE}`);
    values.set(flag, value);
  }
  const url = values.get("--peer");
  if (url === undefined) {
    if (values.size > 0) throw new Error(`--peer-name and --peer-pid need --peer URL\n${BENCH_USAGE}`);
    return { record };
  }
  if (!/^https?:\/\/[^/]+$/.test(url.replace(/\/$/, ""))) {
    throw new Error(`--peer ${url}: give the server's base URL, like http://127.0.0.1:9000`);
  }
  const pidText = values.get("--peer-pid");
  const pid = pidText === undefined ? undefined : Number(pidText);
  if (pid !== undefined && !(Number.isInteger(pid) && pid > 0)) {
    throw new Error(`--peer-pid ${pidText}: not a pid`);
  }
  return { record, peer: { url: url.replace(/\/$/, ""), name: values.get("--peer-name") ?? "peer", pid } };
}

/** `readme` with the text between {@link LATEST_START} and {@link LATEST_END} replaced by `run`. */
export function withLatestRun(readme: string, run: string): string {
  const start = readme.indexOf(LATEST_START);
  const end = readme.indexOf(LATEST_END);
  if (start < 0 || end < start) throw new Error(`bench/README.md: no "${LATEST_START}" ... "${LATEST_END}"`);
  return `${readme.slice(0, start + LATEST_START.length)}\n\n${run}\n\n${readme.slice(end)}`;
}

/** Where {@link writeReport} writes; the repository's files by default. */
export interface ReportTargets {
  readme: URL;
  results: URL;
}

const DEFAULT_TARGETS: ReportTargets = {
  readme: new URL("./README.md", import.meta.url),
  results: new URL("./results/", import.meta.url),
};

/** Prints one run's table with `context` (when, where, how) above it and writes it as asked. */
export async function writeReport(
  rows: readonly Row[],
  context: string,
  raw: unknown,
  { record, peer }: BenchArgs,
  targets: ReportTargets = DEFAULT_TARGETS,
): Promise<void> {
  const run = `${context}\n\n${markdownTable(rows, peer?.name)}`;
  console.log(run);
  await Deno.mkdir(targets.results, { recursive: true });
  await Deno.writeTextFile(new URL("latest.json", targets.results), JSON.stringify(raw, null, 2) + "\n");
  if (!record) {
    console.error(
      "\nnot recorded (bench/results/ only); `deno task bench --record` writes it to bench/README.md",
    );
    return;
  }
  await Deno.writeTextFile(targets.readme, withLatestRun(await Deno.readTextFile(targets.readme), run));
  // Committed, so formatted the way `deno task check` wants it.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", targets.readme.pathname] }).output();
  console.error(`\nrecorded in ${targets.readme.pathname}`);
}
