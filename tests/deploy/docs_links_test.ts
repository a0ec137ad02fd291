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

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replaceAll(" ", "-");
}

/** The anchors of a Markdown file's headings (outside code blocks). */
function anchorsOf(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

Deno.test("a heading's anchor is GitHub's", () => {
  assert.equal(
    anchorOf("Request bodies, Host, HTTP/2, malformed requests, file descriptors"),
    "request-bodies-host-http2-malformed-requests-file-descriptors",
  );
  assert.equal(anchorOf("SIGUSR1 and the V8 inspector"), "sigusr1-and-the-v8-inspector");
  assert.equal(anchorOf("`-users-file` and reloads"), "-users-file-and-reloads");
});

Deno.test("every link to a heading of a shipped Markdown file names a heading it has", async () => {
  const broken: string[] = [];
  for (const file of await markdownFiles()) {
    const base = new URL(file, ROOT);
    const prose = (await Deno.readTextFile(base)).replace(/```[\s\S]*?```/g, "");
    for (const [, target] of prose.matchAll(/\]\(([^)\s]*#[^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [path, anchor] = target.split("#");
      const doc = path === "" ? base : new URL(path, base);
      if (!doc.pathname.endsWith(".md")) continue;
      const text = await Deno.readTextFile(doc).catch(() => "");
      if (!anchorsOf(text).has(anchor)) broken.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});
