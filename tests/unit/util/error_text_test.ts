import assert from "node:assert/strict";
import { firstLine } from "../../../src/util/error_text.ts";

Deno.test("firstLine: one line of an error for users, never its stack", async (t) => {
  const cases: [string, unknown, string][] = [
    ["an Error's message", new Error("port in use"), "port in use"],
    ["only the first line of a multi-line message", new Error("bad file\n    at x.ts:1\nmore"), "bad file"],
    ["an empty message", new Error(""), ""],
    ["a subclass", new TypeError("not a function"), "not a function"],
    ["a thrown string", "plain text", "plain text"],
    ["a thrown number", 42, "42"],
    ["undefined", undefined, "undefined"],
    ["null", null, "null"],
  ];
  for (const [name, value, expected] of cases) {
    await t.step(name, () => assert.equal(firstLine(value), expected));
  }
  await t.step("the stack is never included", () => {
    const error = new Error("boom");
    assert.ok(error.stack?.includes("\n"));
    assert.equal(firstLine(error).includes("at "), false);
  });
});
