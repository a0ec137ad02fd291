import assert from "node:assert/strict";
import { decodeInto, parseSegmentObject, SEGMENT, toBase64url } from "../../../../src/auth/jwt/base64url.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const decoded = (text: string, size = 64): string | number => {
  const target = new Uint8Array(size);
  const length = decodeInto(text, target);
  return length < 0 ? length : new TextDecoder().decode(target.subarray(0, length));
};

Deno.test("base64url: encoding uses - and _, never + / or padding, and decodes back to the same bytes", async (t) => {
  const cases: [string, Uint8Array, string][] = [
    ["empty", new Uint8Array(0), ""],
    ["one byte", bytes("a"), "YQ"],
    ["two bytes", bytes("ab"), "YWI"],
    ["three bytes", bytes("abc"), "YWJj"],
    ["bytes that need - and _ (+ and / in base64)", new Uint8Array([0xfb, 0xff, 0xbf]), "-_-_"],
  ];
  for (const [name, input, encoded] of cases) {
    await t.step(name, () => {
      assert.equal(toBase64url(input), encoded);
      const target = new Uint8Array(8);
      assert.equal(decodeInto(encoded, target), input.length);
      assert.deepEqual(target.subarray(0, input.length), input);
    });
  }
});

Deno.test("base64url: decodeInto answers -1 for what is not base64url or does not fit", async (t) => {
  const cases: [string, string, number][] = [
    ["base64's + instead of -", "aGVsbG8+", 64],
    ["base64's / instead of _", "aGVs/G8", 64],
    ["a lone trailing character (6 bits, no whole byte)", "aGVsb", 64],
    ["a character outside any alphabet", "aGVs*G8", 64],
    ["a non-ASCII character", "aGVsé", 64],
    ["a target one byte too small", "aGVsbG8", 4],
    ["an empty target", "YQ", 0],
  ];
  for (const [name, text, size] of cases) {
    await t.step(name, () => assert.equal(decoded(text, size), -1));
  }
  await t.step("a target exactly large enough", () => assert.equal(decoded("aGVsbG8", 5), "hello"));
});

Deno.test("base64url: SEGMENT refuses the spellings a decoder would tolerate (padding, whitespace, dots)", async (t) => {
  // decodeInto is lenient about these; every token parser checks SEGMENT first, so the pair is strict.
  for (const text of ["aGVsbG8=", "aGVs bG8", "aGVs\nbG8", "aGVs\tbG8", "a.b", "", "aGVs+bG8", "aGVs/bG8"]) {
    await t.step(JSON.stringify(text), () => assert.equal(SEGMENT.test(text), false));
  }
  await t.step("the whole alphabet passes", () => {
    assert.equal(SEGMENT.test("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), true);
  });
});

Deno.test("base64url: parseSegmentObject gives JSON objects only", async (t) => {
  const scratch = new Uint8Array(256);
  const segment = (json: string) => toBase64url(bytes(json));
  await t.step("an object", () => {
    assert.deepEqual(parseSegmentObject(segment('{"alg":"HS256","n":1}'), scratch), { alg: "HS256", n: 1 });
  });
  await t.step("an empty object", () => assert.deepEqual(parseSegmentObject(segment("{}"), scratch), {}));
  const refused: [string, string][] = [
    ["an array", segment("[1,2]")],
    ["null", segment("null")],
    ["a string", segment('"x"')],
    ["a number", segment("42")],
    ["truncated JSON", segment('{"alg":"HS')],
    ["trailing garbage after the object", segment("{} x")],
    ["bytes that are not UTF-8 JSON", toBase64url(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]))],
    ["not base64url", "e30+"],
    ["an empty segment", ""],
    ["JSON longer than the scratch buffer", segment(`{"a":"${"x".repeat(300)}"}`)],
  ];
  for (const [name, text] of refused) {
    await t.step(name, () => assert.equal(parseSegmentObject(text, scratch), undefined));
  }
  await t.step("stale bytes in the scratch buffer do not leak into a shorter segment", () => {
    parseSegmentObject(segment('{"long":"aaaaaaaaaaaaaaaaaaaa"}'), scratch);
    assert.deepEqual(parseSegmentObject(segment('{"b":2}'), scratch), { b: 2 });
  });
});
