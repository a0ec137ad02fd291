/**
 * The house's shape: imports between folders run one way (main -> src/cli -> routes ->
 * src/{http,auth,...} -> src/util), so every folder can be read without the ones above it; and no module
 * imports one that imports it back.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = normalize(new URL("../../", import.meta.url).pathname);
const IMPORT = /(?:from|import\()\s*"(\.[^"]+)"/g;

/** The folder a module belongs to: `routes`, or `src/<concern>`. */
function folderOf(path: string): string | undefined {
  const [top, concern] = relative(ROOT, path).split("/");
  if (top === "routes") return "routes";
  if (top === "src" && concern !== undefined && !concern.endsWith(".ts")) return `src/${concern}`;
  return undefined;
}

async function* modules(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* modules(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Folder -> the folders its modules import, with one importing module each (for the message). */
async function folderGraph(): Promise<Map<string, Map<string, string>>> {
  const graph = new Map<string, Map<string, string>>();
  for (const top of ["src", "routes"]) {
    for await (const file of modules(join(ROOT, top))) {
      const from = folderOf(file)!;
      for (const [, specifier] of (await Deno.readTextFile(file)).matchAll(IMPORT)) {
        const to = folderOf(join(dirname(file), specifier));
        if (to === undefined || to === from) continue;
        if (!graph.has(from)) graph.set(from, new Map());
        graph.get(from)!.set(to, relative(ROOT, file));
      }
    }
  }
  return graph;
}

/** Module -> the modules of src/ and routes/ it imports (the same maps, one module per node). */
async function moduleGraph(): Promise<Map<string, Map<string, string>>> {
  const graph = new Map<string, Map<string, string>>();
  for (const top of ["src", "routes"]) {
    for await (const file of modules(join(ROOT, top))) {
      const from = relative(ROOT, file);
      const targets = new Map<string, string>();
      for (const [, specifier] of (await Deno.readTextFile(file)).matchAll(IMPORT)) {
        const to = join(dirname(file), specifier);
        if (folderOf(to) !== undefined) targets.set(relative(ROOT, to), from);
      }
      graph.set(from, targets);
    }
  }
  return graph;
}

/** The cycles of `graph`, each as the folders along it. */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (node: string, path: string[]) => {
    state.set(node, "open");
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), node, next]);
      else if (!state.has(next)) visit(next, [...path, node]);
    }
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return found;
}

Deno.test("no folder of src/ and routes/ imports one that imports it, however indirectly", async () => {
  const graph = await folderGraph();
  assert.ok(graph.size >= 5, "the graph was read");
  assert.deepEqual(cycles(graph).map((cycle) => cycle.join(" -> ")), []);
});

Deno.test("no module of src/ and routes/ imports one that imports it, however indirectly", async () => {
  const graph = await moduleGraph();
  assert.ok(graph.size >= 50, "the graph was read");
  assert.deepEqual(cycles(graph).map((cycle) => cycle.join(" -> ")), []);
});

Deno.test("only the command line wires routes: no other folder imports routes/", async () => {
  const graph = await folderGraph();
  const importers = [...graph].filter(([, targets]) => targets.has("routes")).map(([from, targets]) =>
    `${from} (${targets.get("routes")})`
  );
  assert.deepEqual(importers.filter((line) => !line.startsWith("src/cli ")), []);
});

Deno.test("the cycle finder sees a cycle", () => {
  const graph = new Map([
    ["a", new Map([["b", "a.ts"]])],
    ["b", new Map([["c", "b.ts"]])],
    ["c", new Map([["a", "c.ts"]])],
  ]);
  assert.deepEqual(cycles(graph), [["a", "b", "c", "a"]]);
});
