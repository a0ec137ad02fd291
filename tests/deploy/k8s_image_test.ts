import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { appImages, loadManifests } from "../support/k8s.ts";

// The image step of the docs: the manifests ship a placeholder image, and the user points them
// at their registry with a sed. Following it must leave a checkout whose manifest tests pass.
const ROOT = new URL("../../", import.meta.url);
const PLACEHOLDER = "registry.example.com/app";
const DOCS = ["README.md", "k8s/README.md"];
/** Not copied: history, local builds, results, keys. */
const SKIP = new Set([".git", "node_modules", "app", "bench/results", "tls/ca.pem", "tls/ca-key.pem"]);

/** The documented `sed ... registry.example.com/app ...` lines, one per document that has one. */
async function documentedSeds(): Promise<{ doc: string; command: string }[]> {
  const found = [];
  for (const doc of DOCS) {
    const text = await Deno.readTextFile(new URL(doc, ROOT));
    // In a code block or inline in a sentence (up to the closing backtick).
    for (const [command] of text.matchAll(/sed -i [^`\n]*registry\.example\.com\/app[^`\n]*/g)) {
      found.push({ doc, command: command.trim() });
    }
  }
  return found;
}

async function copyTree(from: string, to: string, relative = ""): Promise<void> {
  await Deno.mkdir(join(to, relative), { recursive: true });
  for await (const entry of Deno.readDir(join(from, relative))) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (SKIP.has(path) || path.startsWith("tls/") && path.endsWith(".pem")) continue;
    if (entry.isDirectory) await copyTree(from, to, path);
    else if (entry.isFile) await Deno.copyFile(join(from, path), join(to, path));
    else if (entry.isSymlink) await Deno.symlink(await Deno.readLink(join(from, path)), join(to, path));
  }
}

/** The test files that read the manifests (they import the manifest loader), except this one. */
async function manifestTests(): Promise<string[]> {
  const files = [];
  for await (const entry of Deno.readDir(new URL("./", import.meta.url))) {
    if (!entry.isFile || !entry.name.endsWith("_test.ts")) continue;
    if (entry.name === basename(new URL(import.meta.url).pathname)) continue;
    const text = await Deno.readTextFile(new URL(entry.name, import.meta.url));
    if (/from "\.\.\/support\/k8s\.ts"/.test(text)) files.push(`tests/deploy/${entry.name}`);
  }
  return files.sort();
}

Deno.test("the docs point the manifests at your image with one sed, the same everywhere", async () => {
  const seds = await documentedSeds();
  assert.deepEqual(seds.map(({ doc }) => doc), DOCS, "each document gives the image step once");
  assert.deepEqual(new Set(seds.map(({ command }) => command)).size, 1, JSON.stringify(seds));
});

Deno.test("after the documented sed (a registry with a port), every manifest test still passes", async () => {
  const [{ command }] = await documentedSeds();
  const work = await Deno.makeTempDir({ prefix: "k8s-image-" });
  try {
    await copyTree(new URL(ROOT).pathname, work);
    // A checkout already pointed at a registry gets the shipped placeholder back in the copy first.
    const [current] = appImages(await loadManifests());
    if (current !== PLACEHOLDER) {
      for (const { file } of await loadManifests()) {
        const path = join(work, "k8s", file);
        await Deno.writeTextFile(
          path,
          (await Deno.readTextFile(path)).replaceAll(`${current}:`, `${PLACEHOLDER}:`),
        );
      }
    }
    const image = "localhost:5000/student/app";
    const sed = await new Deno.Command("bash", {
      args: ["-c", command],
      cwd: work,
      env: { IMAGE: image },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(sed.code, 0, new TextDecoder().decode(sed.stderr));

    const root = pathToFileURL(`${work}/`);
    assert.deepEqual(appImages(await loadManifests(root)), [image]);
    const leftovers = await new Deno.Command("grep", {
      args: ["-rl", "--include=*.yaml", PLACEHOLDER, "k8s"],
      cwd: work,
    }).output();
    assert.equal(new TextDecoder().decode(leftovers.stdout), "", "no placeholder left in a manifest");

    const files = await manifestTests();
    assert.ok(files.length >= 4, files.join(" "));
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--config", "tests/deno.json", "-A", "--quiet", "--no-check", "--parallel", ...files],
      cwd: work,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    }).output();
    const decoder = new TextDecoder();
    const output = decoder.decode(run.stdout) + decoder.decode(run.stderr);
    assert.equal(run.code, 0, output);
    assert.match(output, /\bok \| \d+ passed/);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
