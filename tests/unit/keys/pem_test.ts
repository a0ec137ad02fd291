import assert from "node:assert/strict";
import { fromPem, pemLabels, toPem } from "../../../src/keys/pem.ts";

const der = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff);

Deno.test("pem: armour of 64-character lines that reads back to the same bytes", async (t) => {
  for (const length of [0, 1, 47, 48, 49, 100]) {
    await t.step(`${length} bytes`, () => {
      const bytes = der.subarray(0, length);
      const pem = toPem("PUBLIC KEY", bytes);
      const lines = pem.trimEnd().split("\n");
      assert.equal(lines[0], "-----BEGIN PUBLIC KEY-----");
      assert.equal(lines.at(-1), "-----END PUBLIC KEY-----");
      for (const line of lines.slice(1, -1)) assert.ok(line.length <= 64, line);
      assert.ok(pem.endsWith("-----\n"));
      assert.deepEqual(fromPem(pem, "PUBLIC KEY"), bytes);
    });
  }
});

Deno.test("pem: pemLabels lists every block in order", () => {
  const text = `junk\n${toPem("CERTIFICATE", der)}${toPem("PRIVATE KEY", der)}${
    toPem("EC PRIVATE KEY", der)
  }`;
  assert.deepEqual(pemLabels(text), ["CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY"]);
  assert.deepEqual(pemLabels("no armour here"), []);
  assert.deepEqual(pemLabels("-----BEGIN lower-----"), [], "labels are upper case");
});

Deno.test("pem: fromPem finds the first block of its label, or undefined", async (t) => {
  const one = new Uint8Array([1, 2, 3]);
  const two = new Uint8Array([4, 5, 6]);
  await t.step("the first of two blocks with the label", () => {
    assert.deepEqual(fromPem(toPem("PUBLIC KEY", one) + toPem("PUBLIC KEY", two), "PUBLIC KEY"), one);
  });
  await t.step("the block with the label among others", () => {
    assert.deepEqual(fromPem(toPem("CERTIFICATE", one) + toPem("PRIVATE KEY", two), "PRIVATE KEY"), two);
  });
  await t.step("CRLF line ends and indentation", () => {
    const pem = toPem("PUBLIC KEY", der).replaceAll("\n", "\r\n  ");
    assert.deepEqual(fromPem(pem, "PUBLIC KEY"), der);
  });
  const refused: [string, string, string][] = [
    ["another label only", toPem("CERTIFICATE", one), "PRIVATE KEY"],
    ["a label that only ends like the one asked", toPem("EC PRIVATE KEY", one), "PRIVATE KEY "],
    ["no END line (truncated file)", "-----BEGIN PUBLIC KEY-----\nAQID\n", "PUBLIC KEY"],
    ["mismatched END label", "-----BEGIN PUBLIC KEY-----\nAQID\n-----END PRIVATE KEY-----\n", "PUBLIC KEY"],
    ["not base64 inside", "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "PUBLIC KEY"],
    [
      "an impossible length of base64",
      "-----BEGIN PUBLIC KEY-----\nAQID\nA\n-----END PUBLIC KEY-----\n",
      "PUBLIC KEY",
    ],
    ["empty text", "", "PUBLIC KEY"],
  ];
  for (const [name, text, label] of refused) {
    await t.step(name, () => assert.equal(fromPem(text, label), undefined));
  }
});
