/**
 * `deno task test`: runs the test layers one after another (all of them, even after a failure),
 * then prints the names of the failed tests and one total line, `N passed, N failed`, plain and
 * alone, last; exits 1 when anything failed. A layer that prints no summary (it did not compile,
 * or crashed) counts as one failure. Arguments replace the layers: each is a shell command.
 * @module
 */

const LAYERS = ["deno task test:unit", "deno task test:e2e", "deno task test:deploy"];
// deno-lint-ignore no-control-regex -- the escape character is what colour codes start with
const ANSI = /\x1b\[[0-9;]*m/g;
const SUMMARY = /^(?:ok|FAILED) \| (\d+) passed(?: \([^)]*\))? \| (\d+) failed/;

/** What one layer's output says. */
export interface LayerResult {
  passed: number;
  failed: number;
  /** Failed tests (and steps), as `name => file:line:col`. */
  failures: string[];
}

/** Reads a `deno test` report; `undefined` without a summary line. */
export function readReport(output: string): LayerResult | undefined {
  const lines = output.replace(ANSI, "").split("\n");
  const summary = lines.map((line) => SUMMARY.exec(line.trim())).findLast((match) => match !== null);
  if (!summary) return undefined;
  const start = lines.findLastIndex((line) => line.trim() === "FAILURES");
  const failures = start < 0
    ? []
    : lines.slice(start + 1).filter((line) => line.includes(" => ")).map((line) => line.trim());
  return { passed: Number(summary[1]), failed: Number(summary[2]), failures };
}

async function runLayer(command: string): Promise<LayerResult> {
  const child = new Deno.Command("sh", { args: ["-c", command], stdout: "piped", stderr: "inherit" }).spawn();
  let output = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    output += decoder.decode(chunk, { stream: true });
    await Deno.stdout.write(chunk);
  }
  const status = await child.status;
  const report = readReport(output);
  if (report === undefined) {
    return { passed: 0, failed: 1, failures: [`${command}: no test summary (exit ${status.code})`] };
  }
  if (!status.success && report.failed === 0) {
    return { ...report, failed: 1, failures: [`${command}: exit ${status.code} with no failed test`] };
  }
  return report;
}

if (import.meta.main) {
  const layers = Deno.args.length > 0 ? Deno.args : LAYERS;
  const results: LayerResult[] = [];
  for (const layer of layers) results.push(await runLayer(layer));
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  const failures = results.flatMap((result) => result.failures);
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((line) => `  ${line}`).join("\n")}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  Deno.exit(failed > 0 ? 1 : 0);
}
