import assert from "node:assert/strict";
import denoConfig from "../../deno.json" with { type: "json" };
import { cliArgs, RUNTIME_FLAGS } from "../support/app_process.ts";

const words = (command: string) => command.split(/\s+/);
const v8Flags = (command: string) => words(command).filter((word) => word.startsWith("--v8-flags="));

Deno.test("the compiled binary, deno task start and the tests run with the same V8 flags", () => {
  const { start, compile } = denoConfig.tasks;
  assert.deepEqual(v8Flags(compile), v8Flags(start));
  assert.deepEqual(RUNTIME_FLAGS, v8Flags(start));
  for (const flag of RUNTIME_FLAGS) assert.ok(cliArgs(["monolith"]).includes(flag), flag);
});

Deno.test("the compiled binary, deno task start and the tests use the app permission set", () => {
  const { start, compile } = denoConfig.tasks;
  assert.ok(words(start).includes("-P=app"));
  assert.ok(words(compile).includes("-P=app"));
  assert.ok(cliArgs([]).includes("-P=app"));
});
