import assert from "node:assert/strict";
import { run } from "../../../src/cli/run.ts";
import type { Io } from "../../../src/cli/io.ts";
import { type Mode, MODES } from "../../../src/cli/modes.ts";

async function help(args: string[]): Promise<string> {
  let out = "";
  const io: Io = { out: (text) => void (out += text), err: () => {}, env: () => undefined };
  assert.equal(await run(args, io), 0);
  return out;
}

/** The paths a summary line lists after its colon. */
const pathsOf = (line: string) => line.slice(line.indexOf(": ") + 2).split(", ");

Deno.test("help: each mode lists exactly the paths its routes serve, in the table's order", async (t) => {
  const top = (await help(["--help"])).split("\n");
  for (const mode of Object.keys(MODES) as Mode[]) {
    await t.step(mode, async () => {
      const paths = MODES[mode].map((route) => route.path);
      const line = top.find((text) => text.startsWith(`  ${mode} `));
      assert.ok(line, `app --help has a line for ${mode}`);
      assert.deepEqual(pathsOf(line), paths);
      const own = (await help([mode, "-help"])).split("\n")[2];
      assert.deepEqual(pathsOf(own), paths);
    });
  }
});
