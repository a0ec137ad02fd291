/**
 * Writes the benchmark's results: the markdown table to stdout and bench/latest.md (committed),
 * the raw figures to bench/results/latest.json (git-ignored).
 * @module
 */
import { markdownTable, type Row } from "./table.ts";

const RESULTS = new URL("./results/", import.meta.url);

/** Prints and writes one run's table, with `context` (when, where, how) above it. */
export async function writeReport(rows: readonly Row[], context: string, raw: unknown): Promise<void> {
  const table = markdownTable(rows);
  console.log(`${context}\n\n${table}`);
  const latest = new URL("./latest.md", import.meta.url);
  await Deno.writeTextFile(latest, `${context}\n\n${table}\n`);
  // Committed, so formatted the way `deno task check` wants it.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", latest.pathname] }).output();
  await Deno.mkdir(RESULTS, { recursive: true });
  await Deno.writeTextFile(new URL("latest.json", RESULTS), JSON.stringify(raw, null, 2) + "\n");
}
