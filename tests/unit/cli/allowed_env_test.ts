import assert from "node:assert/strict";
import denoConfig from "../../../deno.json" with { type: "json" };
import { SERVE_FLAGS } from "../../../src/cli/serve_flags.ts";
import { TRACING_ENV } from "../../../src/http/tracing.ts";
import { compileArgs } from "../../../scripts/build/deno_compile.ts";

/** The names after `--allow-env=` in a task's command. */
function allowedEnv(command: string): string[] {
  const list = /--allow-env=(\S+)/.exec(command)?.[1];
  assert.ok(list, `no --allow-env= in ${command}`);
  return list.split(",").sort();
}

Deno.test("every environment variable a flag reads is allowed by the start and compile tasks, and no other", async (t) => {
  // The flags' twins, and whether tracing is on (Deno itself reads the other OTEL_* variables).
  const read = [...SERVE_FLAGS.flatMap((flag) => flag.env === undefined ? [] : [flag.env]), TRACING_ENV]
    .sort();
  assert.ok(read.includes("APP_TRUSTED_PROXIES"), "the login and proxy flags are among the serving flags");
  const tasks: [string, string][] = [
    ["start", denoConfig.tasks.start],
    // The compile task's script passes deno compile the start task's flags, whatever the target.
    ["compile", compileArgs("aarch64-apple-darwin", "app").join(" ")],
  ];
  for (const [name, command] of tasks) {
    await t.step(name, () => assert.deepEqual(allowedEnv(command), read));
  }
});
