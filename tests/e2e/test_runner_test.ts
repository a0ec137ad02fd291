import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const layer = (dir: string) => `deno test --config tests/deno.json ${dir}`;

async function runTests(layers: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/test.ts", ...layers],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, lines: new TextDecoder().decode(out.stdout).trimEnd().split("\n") };
}

Deno.test("deno task test: a failure in an earlier layer shows in the one total line at the end, with its name", async () => {
  const broken = await Deno.makeTempDir({ prefix: "broken-layer-" });
  try {
    // A layer that does not type-check: no test runs, no summary.
    await Deno.writeTextFile(
      join(broken, "broken_test.ts"),
      'const n: number = "x";\nDeno.test("never", () => void n);\n',
    );
    const { code, lines } = await runTests([
      layer("tests/fixtures/layers/fail"),
      layer("tests/fixtures/layers/pass"),
      layer(broken),
    ]);
    assert.equal(code, 1);
    assert.equal(lines.at(-1), "3 passed, 3 failed", lines.slice(-12).join("\n"));
    const failed = lines.slice(lines.lastIndexOf("Failed:") + 1, -2).map((line) => line.trim());
    assert.equal(failed.length, 3, failed.join("\n"));
    assert.match(failed[0], /^fixture: fails => .*fail_test\.ts:\d+:\d+$/);
    assert.match(failed[1], /^fixture: a step fails \.\.\. the failing step => /);
    assert.match(failed[2], /broken-layer-.*: no test summary \(exit 1\)$/);
  } finally {
    await Deno.remove(broken, { recursive: true });
  }
});

Deno.test("deno task test: all layers passing exits 0 and ends on the total", async () => {
  const { code, lines } = await runTests([
    layer("tests/fixtures/layers/pass"),
    layer("tests/fixtures/layers/pass"),
  ]);
  assert.equal(code, 0);
  assert.equal(lines.at(-1), "4 passed, 0 failed");
  assert.ok(!lines.includes("Failed:"));
});
