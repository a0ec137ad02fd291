import assert from "node:assert/strict";
import { generateKeyFiles, KEY_FILE_NAMES } from "../../../src/keys/keygen.ts";
import { IMPORT_PARAMS, KEY_ALGS, SIGN_PARAMS } from "../../../src/keys/key_types.ts";
import { fromPem, pemLabels } from "../../../src/keys/pem.ts";
import { parseSigningKey, parseVerifyKey } from "../../../src/keys/key_files.ts";

// generateKeyFiles is pure; writing the files (modes, -force) is tests/e2e/keygen_test.ts.

Deno.test("keygen: the private key file first, then the public one", () => {
  assert.deepEqual([...KEY_FILE_NAMES], ["signing-key.pem", "verify-key.pem"]);
});

for (const alg of KEY_ALGS) {
  Deno.test(`keygen ${alg}: a PKCS#8 private key and its SPKI public key, one block each, a matching pair`, async () => {
    const files = await generateKeyFiles(alg);
    assert.deepEqual(Object.keys(files).sort(), [...KEY_FILE_NAMES].sort());
    assert.deepEqual(pemLabels(files["signing-key.pem"]), ["PRIVATE KEY"]);
    assert.deepEqual(pemLabels(files["verify-key.pem"]), ["PUBLIC KEY"]);
    const privateKey = await crypto.subtle.importKey(
      "pkcs8",
      fromPem(files["signing-key.pem"], "PRIVATE KEY")!,
      IMPORT_PARAMS[alg],
      false,
      ["sign"],
    );
    const publicKey = await crypto.subtle.importKey(
      "spki",
      fromPem(files["verify-key.pem"], "PUBLIC KEY")!,
      IMPORT_PARAMS[alg],
      false,
      ["verify"],
    );
    const message = new TextEncoder().encode("pair");
    const signature = await crypto.subtle.sign(SIGN_PARAMS[alg], privateKey, message);
    assert.ok(await crypto.subtle.verify(SIGN_PARAMS[alg], publicKey, signature, message));
  });

  Deno.test(`keygen ${alg}: the files are what -signing-key and -verify-key read, with one kid`, async () => {
    const files = await generateKeyFiles(alg);
    const signing = await parseSigningKey(files["signing-key.pem"]);
    const verify = await parseVerifyKey(files["verify-key.pem"]);
    assert.equal(signing.alg, alg);
    assert.equal(verify.alg, alg);
    assert.equal(signing.public.kid, verify.kid);
  });
}

Deno.test("keygen: every call makes a new key", async () => {
  const [one, two] = await Promise.all([generateKeyFiles("EdDSA"), generateKeyFiles("EdDSA")]);
  assert.notEqual(one["signing-key.pem"], two["signing-key.pem"]);
  assert.notEqual(one["verify-key.pem"], two["verify-key.pem"]);
});

Deno.test("keygen: an Ed25519 key is not taken for a P-256 one, nor the reverse", async () => {
  const [ed, ec] = await Promise.all([generateKeyFiles("EdDSA"), generateKeyFiles("ES256")]);
  await assert.rejects(
    crypto.subtle.importKey(
      "spki",
      fromPem(ed["verify-key.pem"], "PUBLIC KEY")!,
      IMPORT_PARAMS.ES256,
      false,
      [
        "verify",
      ],
    ),
  );
  await assert.rejects(
    crypto.subtle.importKey(
      "spki",
      fromPem(ec["verify-key.pem"], "PUBLIC KEY")!,
      IMPORT_PARAMS.EdDSA,
      false,
      [
        "verify",
      ],
    ),
  );
});
