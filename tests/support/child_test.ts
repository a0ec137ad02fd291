/**
 * Runs one test of a fixture file in a child `deno test`, for tests whose expected output the
 * test process cannot capture itself (Deno prints a dead worker's error from the worker's thread).
 * @module
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

/**
 * Runs the test named exactly `name` in `file` with the test permission set; fails with the
 * child's whole output unless exactly that one test ran and passed.
 */
export async function runTestInChild(file: URL, name: string): Promise<void> {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--config",
      "tests/deno.json",
      "-A",
      "--quiet",
      "--no-check",
      "--filter",
      `/^${escaped}$/`,
      file.pathname,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const decoder = new TextDecoder();
  const output = `${decoder.decode(out.stdout)}\n${decoder.decode(out.stderr)}`;
  assert.equal(out.code, 0, output);
  assert.match(output, /^ok \| 1 passed \| 0 failed/m, output);
}
