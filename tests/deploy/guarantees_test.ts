import assert from "node:assert/strict";
import { guaranteeProblems, type ReadText, references } from "../support/guarantees.ts";

const ROOT = new URL("../../", import.meta.url);

/** A file's text; "" for a directory (cases live in one); undefined when there is nothing. */
const readRepo: ReadText = (path) => {
  try {
    if (Deno.statSync(new URL(path, ROOT)).isDirectory) return "";
    return Deno.readTextFileSync(new URL(path, ROOT));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
};

Deno.test("docs/guarantees.md: every guarantee names tests that exist, with the numbers they use", () => {
  const doc = readRepo("docs/guarantees.md")!;
  assert.ok(references(doc).length > 20, "the references were found at all");
  assert.deepEqual(guaranteeProblems(doc, readRepo), []);
});

Deno.test("the guarantees check fails on what drifts", async (t) => {
  const files: Record<string, string> = {
    "tests/e2e/a_test.ts": 'export const GUARANTEE = { "at least # logins": 8, connections: 20 };\n' +
      'Deno.test("a works", () => {});\nDeno.test({ name: "a also works", fn() {} });\n' +
      "for (const port of ports) Deno.test(`a serves on the ${port} port`, () => {});\n",
  };
  const read: ReadText = (path) => files[path];
  const doc = (body: string) => `# Guarantees\n\n## A\n\nText.\n\n${body}\n`;
  const good =
    '- `tests/e2e/a_test.ts` "a works" and "a also\n  works": at least 8 logins over 20 connections.\n' +
    '- `tests/e2e/a_test.ts` "a serves on the health port".';
  await t.step("a doc that holds", () => assert.deepEqual(guaranteeProblems(doc(good), read), []));
  const cases: [string, string, RegExp][] = [
    ["a missing file", good.replace("a_test", "b_test"), /b_test\.ts .* does not exist/],
    ["a missing test", good.replace('"a works"', '"a worked"'), /no test or step named "a worked"/],
    ["a name the template does not make", good.replace("on the health", "at the health"), /no test or step/],
    [
      "a bare test file",
      good.replace(/" and "a also\n {2}works"/, '"').replace(' "a works"', ""),
      /not followed/,
    ],
    ["another number", good.replace("at least 8", "at least 12"), /says "at least 8 logins"/],
    ["a section without a test", `${good}\n\n## B\n\nNo proof.`, /"B" names no test/],
  ];
  for (const [name, body, problem] of cases) {
    await t.step(name, () => assert.match(guaranteeProblems(doc(body), read).join("\n"), problem));
  }
});
