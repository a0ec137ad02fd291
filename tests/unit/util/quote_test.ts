import assert from "node:assert/strict";
import { quote, shown } from "../../../src/util/quote.ts";

Deno.test("quote: a JSON string literal that no control or line-breaking character survives", async (t) => {
  const cases: [string, string][] = [
    ["plain", '"plain"'],
    ["a\nb\r", '"a\\nb\\r"'],
    ['say "hi" \\', '"say \\"hi\\" \\\\"'],
    ["\u001b[2J", '"\\u001b[2J"'],
    ["del\u007f nel\u0085", '"del\\u007f nel\\u0085"'],
    ["ls\u2028ps\u2029", '"ls\\u2028ps\\u2029"'],
    ["é ü", '"é ü"'],
  ];
  for (const [text, expected] of cases) {
    await t.step(JSON.stringify(text), () => {
      assert.equal(quote(text), expected);
      assert.equal(JSON.parse(quote(text)), text, "it reads back as the text");
    });
  }
});

Deno.test("shown: plain visible ASCII as it is (Go's wording), anything else quoted", () => {
  assert.equal(shown("-bogus"), "-bogus");
  assert.equal(shown("127.0.0.1:8080"), "127.0.0.1:8080");
  assert.equal(shown("-a b"), '"-a b"');
  assert.equal(shown('-"'), '"-\\""');
  assert.equal(shown(""), '""');
  assert.equal(shown("-=\n"), '"-=\\n"');
});
