import assert from "node:assert/strict";

/** A module of `deno info --json` and what it imports. */
interface InfoModule {
  specifier: string;
  dependencies?: { specifier: string; code?: { specifier: string }; isDynamic?: boolean }[];
}

/**
 * Every module `main.ts` loads before it runs: its static imports, followed transitively (tool
 * subcommands and the bcrypt worker come later, by dynamic import or `new Worker`).
 */
async function staticImports(): Promise<string[]> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: new URL("../../", import.meta.url),
    stderr: "inherit",
  }).output();
  assert.ok(output.success, "deno info main.ts failed");
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: InfoModule[];
  };
  const bySpecifier = new Map(info.modules.map((module) => [module.specifier, module]));
  const seen = new Set<string>();
  const visit = (specifier: string) => {
    if (seen.has(specifier)) return;
    seen.add(specifier);
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dependency.code && !dependency.isDynamic) visit(dependency.code.specifier);
    }
  };
  info.roots.forEach(visit);
  return [...seen];
}

// A node: import loads Deno's Node layer in every mode: ~2.6 MiB more idle RSS (docs/decisions/idle-memory.md).
Deno.test("serving modes load no node: module", async () => {
  const loaded = await staticImports();
  assert.ok(loaded.some((specifier) => specifier.endsWith("/src/cli/run.ts")), "the walk reached the CLI");
  assert.deepEqual(loaded.filter((specifier) => specifier.startsWith("node:")), []);
});
