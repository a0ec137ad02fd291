/**
 * Writes the benchmark's results: the markdown table to stdout, the raw figures to
 * bench/results/latest.json (git-ignored), and, only when asked to record (`--record`), the table
 * into the "Latest run" section of bench/README.md (committed), so that a run on a developer's
 * machine never dirties the tree by itself.
 * @module
 */
import { markdownTable, type Row } from "./table.ts";

/** The lines that enclose the recorded run in bench/README.md. */
export const LATEST_START = "<!-- latest run: written by `deno task bench --record` -->";
export const LATEST_END = "<!-- end of latest run -->";

/** What the command line asked for. */
export interface BenchArgs {
  /** Write the table into bench/README.md. */
  record: boolean;
}

/** Usage of `deno task bench`. */
export const BENCH_USAGE = "usage: deno task bench [--record]\n" +
  "  --record  also write the table into bench/README.md (committed); without it only\n" +
  "            bench/results/ (git-ignored) is written";

/** Parses `deno task bench` arguments; throws with the usage on anything else. */
export function parseBenchArgs(args: readonly string[]): BenchArgs {
  const unknown = args.filter((arg) => arg !== "--record");
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}\n${BENCH_USAGE}`);
  return { record: args.includes("--record") };
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
  { record }: BenchArgs,
  targets: ReportTargets = DEFAULT_TARGETS,
): Promise<void> {
  const run = `${context}\n\n${markdownTable(rows)}`;
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
