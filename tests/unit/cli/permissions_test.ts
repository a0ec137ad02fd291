import assert from "node:assert/strict";
import { permissionsGivenUp } from "../../../src/cli/permissions.ts";

Deno.test("permissions: each command gives up at start exactly what it never uses", async (t) => {
  const cases: [string | undefined, string[]][] = [
    ["certgen", ["net"]],
    ["keygen", ["net"]],
    ["healthcheck", ["write", "read"]],
    ["hash-password", ["net", "write", "read"]],
    ["monolith", ["write"]],
    ["auth", ["write"]],
    ["hello", ["write"]],
    [undefined, ["write"]],
    ["", ["write"]],
    ["unknown-command", ["write"]],
    // Names an object inherits are not commands: they get the serving default, never a crash.
    ["__proto__", ["write"]],
    ["toString", ["write"]],
    ["constructor", ["write"]],
  ];
  for (const [command, expected] of cases) {
    await t.step(JSON.stringify(command) ?? "no command", () => {
      assert.deepEqual([...permissionsGivenUp(command)], expected);
    });
  }
  await t.step("no command keeps write access except the two that write files", () => {
    for (const command of ["healthcheck", "hash-password", "monolith", "auth", "hello"]) {
      assert.ok(permissionsGivenUp(command).includes("write"), command);
    }
  });
});
