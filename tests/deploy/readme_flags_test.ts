import assert from "node:assert/strict";
import { SERVE_FLAGS } from "../../src/cli/serve_flags.ts";

const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** The README's flag table: flag name -> [env, default, what]. */
function flagTable(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of readme.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    const flag = /^`-([a-z-]+)`$/.exec(cells[0] ?? "")?.[1];
    if (flag && cells.length === 4) rows.set(flag, cells.slice(1));
  }
  return rows;
}

Deno.test("README flag table: each row's variable and default are the parser's, and '0:' notes sit on the flag whose help has them", () => {
  const table = flagTable();
  assert.ok(table.size >= 10, `flag table not found (${table.size} rows)`);
  for (const [name, [env, , what]] of table) {
    const spec = SERVE_FLAGS.find((flag) => flag.name === name);
    assert.ok(spec, `README lists -${name}, which no serving mode takes`);
    assert.equal(env, `\`${spec.env}\``, `-${name}'s variable`);
    const zero = /\((0: [^)]*)\)/.exec(what)?.[1];
    const helpZero = /\((0: [^)]*)\)/.exec(spec.help)?.[1];
    assert.equal(
      zero !== undefined,
      helpZero !== undefined,
      `-${name}: README "${what}", help "${spec.help}"`,
    );
  }
});

Deno.test("README endpoint table: every toggle a plain GET flips is marked as flipping", async (t) => {
  const { healthApp } = await import("../../routes/health.ts");
  const { HealthState } = await import("../../src/server/health_state.ts");
  for (const [toggle, probe] of [["/healthz/status", "/healthz"], ["/readiness/status", "/readiness"]]) {
    await t.step(toggle, async () => {
      const state = new HealthState();
      const app = healthApp(state);
      const before = (await app.request(probe)).status;
      await app.request(toggle); // a plain GET, as a browser or curl sends
      assert.notEqual((await app.request(probe)).status, before, `GET ${toggle} flips ${probe}`);
      const row = readme.split("\n").find((line) => line.startsWith(`| \`GET ${toggle}\``));
      assert.ok(row, `README's endpoint table has no row for GET ${toggle}`);
      assert.match(row, /\*\*flips\*\*/);
    });
  }
});

Deno.test("README: what it says .ci/run runs is what .ci/run runs", async () => {
  const ci = await Deno.readTextFile(new URL("../../.ci/run", import.meta.url));
  const tasks = [...ci.matchAll(/^deno task ([\w:]+)/gm)].map((match) => match[1]);
  assert.deepEqual(tasks, ["check", "compile", "test"]);
  const lines = readme.split("\n");
  const at = lines.findIndex((line) => line.startsWith("bash .ci/run"));
  const said = [lines[at], ...lines.slice(at + 1).filter((line) => /^ +#/.test(line))].join(" ");
  assert.match(
    said,
    new RegExp(`then ${tasks.slice(0, -1).join(", ")}\\s+# and ${tasks.at(-1)} \\(not bench`),
  );
});
