import assert from "node:assert/strict";
import {
  isWellFormedRequestId,
  MAX_REQUEST_ID_LENGTH,
  newRequestId,
  requestIdFor,
} from "../../../../src/http/pipeline/request_id.ts";

const NEW_ID = /^[0-9a-f]{32}$/;

Deno.test("request ids: a caller's well-formed id is kept as it is", async (t) => {
  const kept = [
    ["nginx's $request_id", "0123456789abcdef0123456789abcdef"],
    ["a UUID", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"],
    ["a ULID", "01ARZ3NDEKTSV4RRFFQ69G5FAV"],
    ["every allowed punctuation", "a.b_c:d+e=f-g"],
    ["one character", "x"],
    ["exactly the longest", "a".repeat(MAX_REQUEST_ID_LENGTH)],
  ];
  for (const [name, id] of kept) {
    await t.step(name, () => {
      assert.equal(isWellFormedRequestId(id), true);
      assert.equal(requestIdFor(id), id);
    });
  }
});

Deno.test("request ids: a missing or malformed id is replaced by a new one, never echoed", async (t) => {
  const replaced: [string, string | null][] = [
    ["absent", null],
    ["empty", ""],
    ["one character too long", "a".repeat(MAX_REQUEST_ID_LENGTH + 1)],
    ["a space", "a b"],
    ["a log-forging newline", "abc\nlevel=error forged"],
    ["a carriage return", "abc\r"],
    ["a quote", 'a"b'],
    ["a slash", "a/b"],
    ["non-ASCII", "idé"],
    ["a NUL", "a\0"],
    ["JSON", '{"x":1}'],
  ];
  for (const [name, incoming] of replaced) {
    await t.step(name, () => {
      if (incoming !== null) assert.equal(isWellFormedRequestId(incoming), false);
      const id = requestIdFor(incoming);
      assert.notEqual(id, incoming);
      assert.match(id, NEW_ID);
    });
  }
});

Deno.test("request ids: new ids are 32 lowercase hex digits, distinct, and themselves well formed", () => {
  const ids = Array.from({ length: 10_000 }, () => newRequestId());
  for (const id of ids) assert.match(id, NEW_ID);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.every(isWellFormedRequestId), "a new id passes through the next hop unchanged");
});
