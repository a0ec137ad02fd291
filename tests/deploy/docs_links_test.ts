/**
 * The documents we ship link to files that exist: a relative link in any tracked Markdown file
 * (outside code blocks) names a file or folder of the repository.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

/** Tracked Markdown files, relative to the repository root. */
async function markdownFiles(): Promise<string[]> {
  const output = await new Deno.Command("git", { args: ["ls-files", "*.md"], cwd: ROOT, stdout: "piped" })
    .output();
  return new TextDecoder().decode(output.stdout).split("\n").filter(Boolean);
}

/** The relative link targets of `markdown` (no scheme, no bare `#anchor`), without their anchors. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#"))
    .map((target) => target.split("#")[0]);
}

Deno.test("the link finder skips URLs, anchors and code blocks", () => {
  const text = "[a](docs/x.md#y) [b](https://e.org) [c](#top)\n```\n[d](nope.md)\n```\n[e](../f/)";
  assert.deepEqual(relativeLinks(text), ["docs/x.md", "../f/"]);
});

Deno.test("every relative link in the shipped Markdown names a file that exists", async () => {
  const files = await markdownFiles();
  assert.ok(files.includes("README.md"), "git ls-files found the README");
  const broken: string[] = [];
  for (const file of files) {
    const base = new URL(file, ROOT);
    for (const target of relativeLinks(await Deno.readTextFile(base))) {
      const exists = await Deno.stat(new URL(target, base)).then(() => true, () => false);
      if (!exists) broken.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});
