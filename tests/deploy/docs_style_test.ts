/**
 * The user docs speak to users: no issue numbers they cannot look up, no clock times, a Kubernetes
 * walkthrough short enough to follow, and decision records that say what was decided and how to
 * measure it again (GUIDE.md, "How we write code").
 */
import assert from "node:assert/strict";
import denoConfig from "../../deno.json" with { type: "json" };

const ROOT = new URL("../../", import.meta.url);
/** The docs users read. bench/README.md is the benchmark's lab record, kept by its scripts' owners. */
const USER_DOCS = ["README.md", "docs/", "k8s/", "kustomize/", "tls/", "nginx/"];
const MAX_K8S_README_LINES = 300;
const RECORD_SECTIONS = ["## Context", "## Decision", "## Consequences", "## Re-measure"];

/** Tracked Markdown files under `paths`, relative to the repository root. */
async function markdownFiles(paths: readonly string[]): Promise<string[]> {
  const pathspecs = paths.map((path) => path.endsWith("/") ? `${path}*.md` : path);
  const output = await new Deno.Command("git", {
    args: ["ls-files", ...pathspecs],
    cwd: ROOT,
    stdout: "piped",
  })
    .output();
  return new TextDecoder().decode(output.stdout).split("\n").filter(Boolean);
}

/** The prose of `markdown`: fenced code blocks (commands, sample log lines) left out. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** Issue references (`issue 11`, `#11`) and clock times (`19:00 UTC`, `19:00-19:40 UTC`) in `text`. */
function journalMarks(text: string): string[] {
  const patterns = [
    /\bissues? \d+/gi,
    /(?<![\w&/])#\d+\b/g,
    /\b\d{1,2}:\d\d(?::\d\d)?(?:-\d{1,2}:\d\d)? ?UTC\b/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map(([match]) => match));
}

/** The body of the `## heading` section of `markdown` (up to the next `## `), or undefined. */
function section(markdown: string, heading: string): string | undefined {
  const start = markdown.split("\n").findIndex((line) => line.startsWith(heading));
  if (start < 0) return undefined;
  const rest = markdown.split("\n").slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("## "));
  return rest.slice(0, end < 0 ? undefined : end).join("\n");
}

/** The commands of a section: the lines of its fenced blocks, or its inline code if it has no block. */
function commands(body: string): string[] {
  const blocks = [...body.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].flatMap(([, code]) => code.split("\n"));
  const lines = blocks.length > 0 ? blocks : [...body.matchAll(/`([^`]+)`/g)].map(([, code]) => code);
  return lines.map((line) => line.replace(/\s+#.*$/, "").trim()).filter(Boolean);
}

Deno.test("the journal finder sees issue numbers and clock times, not PKCS#8, anchors or code", () => {
  assert.deepEqual(
    journalMarks("see issue 11 and #12; 19:00-19:40 UTC, at 10:28 UTC; Issues 3"),
    ["issue 11", "Issues 3", "#12", "19:00-19:40 UTC", "10:28 UTC"],
  );
  assert.deepEqual(journalMarks("PKCS#8 keys, [a](x.md#y), &#8212;, 0.13 s, 2026-11-29"), []);
  assert.deepEqual(journalMarks(prose("text\n```\n[Sun, 29 Nov 2026 08:55:32 UTC] GET /\n```\n")), []);
});

Deno.test("the user docs carry no issue numbers and no clock times", async () => {
  const files = await markdownFiles(USER_DOCS);
  assert.ok(files.includes("k8s/README.md") && files.includes("docs/decisions/README.md"), files.join(" "));
  const found: string[] = [];
  for (const file of files) {
    const marks = journalMarks(prose(await Deno.readTextFile(new URL(file, ROOT))));
    found.push(...marks.map((mark) => `${file}: ${mark}`));
  }
  assert.deepEqual(found, []);
});

Deno.test(`k8s/README.md, the course walkthrough, stays within ${MAX_K8S_README_LINES} lines`, async () => {
  const lines = (await Deno.readTextFile(new URL("k8s/README.md", ROOT))).trimEnd().split("\n").length;
  assert.ok(
    lines <= MAX_K8S_README_LINES,
    `${lines} lines: move what is not the course to kustomize/ or docs/`,
  );
});

Deno.test("every decision record has context, decision, consequences and a command that re-measures it", async () => {
  const records = (await markdownFiles(["docs/decisions/"])).filter((file) => !file.endsWith("/README.md"));
  assert.ok(records.length >= 10, records.join(" "));
  const index = await Deno.readTextFile(new URL("docs/decisions/README.md", ROOT));
  const tasks = Object.keys(denoConfig.tasks);
  for (const file of records) {
    const text = await Deno.readTextFile(new URL(file, ROOT));
    const name = file.slice("docs/decisions/".length);
    assert.ok(index.includes(`](${name})`), `${file} is listed in docs/decisions/README.md`);
    for (const heading of RECORD_SECTIONS) {
      assert.ok(section(text, heading) !== undefined, `${file}: ${heading}`);
    }
    const run = commands(section(text, "## Re-measure")!);
    assert.ok(run.length > 0, `${file}: a command under ## Re-measure`);
    // The command must still work here: the files it names exist, the tasks it runs are deno.json's.
    for (const line of run) {
      for (const [path] of line.matchAll(/\b(?:tests|bench|k8s|src|scripts)\/[\w./-]+\.(?:ts|sh)\b/g)) {
        const exists = await Deno.stat(new URL(path, ROOT)).then(() => true, () => false);
        assert.ok(exists, `${file}: ${path} exists`);
      }
      for (const [, task] of line.matchAll(/deno task ([\w:-]+)/g)) {
        assert.ok(tasks.includes(task), `${file}: deno task ${task} exists`);
      }
    }
  }
});
