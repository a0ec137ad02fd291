/**
 * The house's shape: imports between folders run one way (main -> src/cli -> routes ->
 * src/{http,auth,...} -> src/util), so every folder can be read without the ones above it; and
 * no file imports one that imports it, however indirectly, so every file can be read (and
 * tested) without the ones above it.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = normalize(new URL("../../", import.meta.url).pathname);
/** Relative imports and re-exports: `from "./x.ts"`, `import("./x.ts")`, `import "./x.ts"`. */
const IMPORT = /(?:from|import\(?)\s*"(\.[^"]+)"/g;

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

/** File -> the files it imports (type-only imports too), for main.ts, src/ and routes/; paths from the root. */
async function fileGraph(): Promise<Map<string, Set<string>>> {
  const graph = new Map<string, Set<string>>();
  const files = [join(ROOT, "main.ts")];
  for (const top of ["src", "routes"]) for await (const file of modules(join(ROOT, top))) files.push(file);
  for (const file of files) {
    const targets = new Set<string>();
    for (const [, specifier] of (await Deno.readTextFile(file)).matchAll(IMPORT)) {
      if (specifier.endsWith(".ts")) targets.add(relative(ROOT, join(dirname(file), specifier)));
    }
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/**
 * The groups of files that import each other, however indirectly (the strongly connected
 * components of more than one file, or of a file importing itself), each sorted, by Tarjan's algorithm.
 */
function fileCycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || graph.get(node)?.has(node)) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
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

Deno.test("only the command line wires routes: no other folder imports routes/", async () => {
  const graph = await folderGraph();
  const importers = [...graph].filter(([, targets]) => targets.has("routes")).map(([from, targets]) =>
    `${from} (${targets.get("routes")})`
  );
  assert.deepEqual(importers.filter((line) => !line.startsWith("src/cli ")), []);
});

Deno.test("no file of main.ts, src/ and routes/ imports one that imports it, however indirectly", async () => {
  const graph = await fileGraph();
  assert.ok(graph.size >= 50 && graph.get("main.ts")!.size > 0, "the graph was read");
  assert.deepEqual(fileCycles(graph).map((group) => group.join(" <-> ")), []);
});

Deno.test("the file cycle finder sees every group of files that import each other, and only those", () => {
  const graph = new Map<string, Set<string>>([
    ["a.ts", new Set(["b.ts"])],
    ["b.ts", new Set(["c.ts", "d.ts"])],
    ["c.ts", new Set(["a.ts"])],
    ["d.ts", new Set(["e.ts"])],
    ["e.ts", new Set(["e.ts"])],
    ["f.ts", new Set(["a.ts"])],
  ]);
  assert.deepEqual(fileCycles(graph), [["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
  assert.deepEqual(fileCycles(new Map([["x.ts", new Set(["y.ts"])], ["y.ts", new Set()]])), []);
});

Deno.test("the cycle finder sees a cycle", () => {
  const graph = new Map([
    ["a", new Map([["b", "a.ts"]])],
    ["b", new Map([["c", "b.ts"]])],
    ["c", new Map([["a", "c.ts"]])],
  ]);
  assert.deepEqual(cycles(graph), [["a", "b", "c", "a"]]);
});

/** The tooling's areas, and which of them each may import (besides itself and the app's code). */
const TOOLING: Record<string, readonly string[]> = {
  "scripts/lib": [],
  scripts: ["scripts/lib"],
  bench: ["scripts/lib"],
  tests: ["scripts/lib", "scripts", "bench"],
};

/** The tooling area a file belongs to: the longest of {@link TOOLING}'s folders it is under. */
function toolingOf(path: string): string | undefined {
  const rel = relative(ROOT, path);
  return Object.keys(TOOLING).filter((area) => rel.startsWith(`${area}/`)).sort((a, b) =>
    b.length - a.length
  )[0];
}

Deno.test("tests, the benchmark and the scripts import shared tooling one way: scripts/lib <- scripts, bench <- tests", async () => {
  const wrong: string[] = [];
  for (const area of ["scripts", "bench", "tests"]) {
    for await (const file of modules(join(ROOT, area))) {
      const from = toolingOf(file)!;
      for (const [, specifier] of (await Deno.readTextFile(file)).matchAll(IMPORT)) {
        const to = toolingOf(join(dirname(file), specifier));
        if (to !== undefined && to !== from && !TOOLING[from].includes(to)) {
          wrong.push(`${relative(ROOT, file)} imports ${specifier}`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(toolingOf(join(ROOT, "scripts/lib/process.ts")), "scripts/lib");
  assert.equal(toolingOf(join(ROOT, "bench/run.ts")), "bench");
});
