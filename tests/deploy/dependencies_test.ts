import assert from "node:assert/strict";
import { dirname } from "node:path";
import appConfig from "../../deno.json" with { type: "json" };
import testConfig from "../deno.json" with { type: "json" };
import { lockedClosure, type Lockfile } from "../support/compiled.ts";

const appLock: Lockfile = JSON.parse(
  await Deno.readTextFile(new URL("../../deno.lock", import.meta.url)),
);
const testLock: Lockfile = JSON.parse(
  await Deno.readTextFile(new URL("../deno.lock", import.meta.url)),
);
const npmRoots = (imports: Record<string, string>) =>
  [
    ...new Set(
      Object.values(imports).map((target) => target.replace(/^npm:\/?/, "npm:").replace(/\/$/, "")),
    ),
  ].sort();

Deno.test("the app's config and lock hold runtime packages only; the tests' config adds theirs, same versions", () => {
  assert.ok(
    !("workspace" in appConfig),
    "a workspace would make `deno task start` fetch the tests' packages",
  );
  assert.deepEqual(
    Object.keys(appLock.specifiers).sort(),
    npmRoots(appConfig.imports),
  );
  for (const [bare, target] of Object.entries(appConfig.imports)) {
    assert.equal(
      (testConfig.imports as Record<string, string>)[bare],
      target,
      `tests/deno.json: ${bare}`,
    );
  }
  for (const field of ["fmt", "lint", "compilerOptions"] as const) {
    assert.deepEqual(
      testConfig[field],
      appConfig[field],
      `tests/deno.json's ${field}: deno fmt of one test file reads it`,
    );
  }
  for (const [key, entry] of Object.entries(appLock.npm)) {
    assert.deepEqual(
      testLock.npm[key],
      entry,
      `tests/deno.lock locks ${key} differently`,
    );
  }
});

Deno.test("deno task start, from an empty cache, fetches exactly the runtime packages", async () => {
  const denoDir = await Deno.makeTempDir({ prefix: "start-deno-dir-" });
  try {
    const env = {
      ...Object.fromEntries(
        Object.entries(Deno.env.toObject()).filter(([name]) => !name.startsWith("DENO")),
      ),
      PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
      DENO_DIR: denoDir,
      NO_COLOR: "1",
    };
    // -help: the whole module graph loads (every npm import resolved), then it exits.
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["task", "start", "monolith", "-help"],
      cwd: new URL("../../", import.meta.url).pathname,
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    const fetched: string[] = [];
    const registry = `${denoDir}/npm/registry.npmjs.org`;
    for await (const entry of Deno.readDir(registry)) {
      if (!entry.name.startsWith("@")) fetched.push(entry.name);
      else {for await (
          const scoped of Deno.readDir(`${registry}/${entry.name}`)
        ) fetched.push(`${entry.name}/${scoped.name}`);}
    }
    const runtime = lockedClosure(appLock, appLock.workspace.dependencies);
    assert.deepEqual(
      fetched.filter((name) => !runtime.has(name)),
      [],
      "fetched beyond the runtime packages",
    );
    assert.ok(fetched.includes("hono"));
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
