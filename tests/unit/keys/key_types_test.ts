import assert from "node:assert/strict";
import { IMPORT_PARAMS, KEY_ALGS, KeyError, SIGN_PARAMS } from "../../../src/keys/key_types.ts";

Deno.test("key types: EdDSA is the default, ES256 the other", () => {
  assert.deepEqual([...KEY_ALGS], ["EdDSA", "ES256"]);
});

Deno.test("key types: each algorithm's WebCrypto parameters make 64-byte JWS signatures that verify", async (t) => {
  const message = new TextEncoder().encode("header.payload");
  for (const alg of KEY_ALGS) {
    await t.step(alg, async () => {
      const pair = await crypto.subtle.generateKey(IMPORT_PARAMS[alg] as EcKeyGenParams, false, [
        "sign",
        "verify",
      ]) as CryptoKeyPair;
      const signature = new Uint8Array(await crypto.subtle.sign(SIGN_PARAMS[alg], pair.privateKey, message));
      // JWS wants raw r || s for ES256 (not DER) and 64 bytes for Ed25519: what the verifier decodes.
      assert.equal(signature.length, 64);
      assert.ok(await crypto.subtle.verify(SIGN_PARAMS[alg], pair.publicKey, signature, message));
      const tampered = new TextEncoder().encode("header.payloaD");
      assert.equal(await crypto.subtle.verify(SIGN_PARAMS[alg], pair.publicKey, signature, tampered), false);
    });
  }
});

Deno.test("key types: KeyError names itself, for one-line messages users can tell apart", () => {
  const error = new KeyError("not a PEM file");
  assert.ok(error instanceof Error);
  assert.equal(error.name, "KeyError");
  assert.equal(String(error), "KeyError: not a PEM file");
});
