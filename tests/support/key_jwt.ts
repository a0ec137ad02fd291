/**
 * Hand-made tokens signed with a private key (any header, any payload), and key pairs for tests.
 * @module
 */
import { generateKeyFiles } from "../../src/keys/keygen.ts";
import { parseSigningKey } from "../../src/keys/key_files.ts";
import type { KeyAlg, SigningKey } from "../../src/keys/key_types.ts";
import { SIGN_PARAMS } from "../../src/keys/key_types.ts";
import { b64url, unsigned } from "./jwt.ts";

/** A fresh key pair: the PEM files' text and the parsed signing key. */
export interface TestKey {
  alg: KeyAlg;
  kid: string;
  signing: SigningKey;
  privatePem: string;
  publicPem: string;
}

/** Generates a key pair of `alg` (as `app keygen` does). */
export async function testKey(alg: KeyAlg = "EdDSA"): Promise<TestKey> {
  const files = await generateKeyFiles(alg);
  const signing = await parseSigningKey(files["signing-key.pem"]);
  return {
    alg,
    kid: signing.public.kid,
    signing,
    privatePem: files["signing-key.pem"],
    publicPem: files["verify-key.pem"],
  };
}

/** A token with any `header` and `payload`, signed with `key` (the header is not checked). */
export async function keyToken(header: unknown, payload: unknown, key: TestKey): Promise<string> {
  const input = unsigned(header, payload);
  const signature = await crypto.subtle.sign(
    SIGN_PARAMS[key.alg],
    key.signing.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${b64url(new Uint8Array(signature))}`;
}

/** The header our signer writes for `key`. */
export const headerFor = (key: TestKey) => ({ alg: key.alg, kid: key.kid, typ: "JWT" });

/** Writes the key's two PEM files into `dir`; resolves their paths. */
export async function writeTestKey(
  dir: string,
  key: TestKey,
  name = "key",
): Promise<{ signing: string; verify: string }> {
  const signing = `${dir}/${name}-signing.pem`;
  const verify = `${dir}/${name}-verify.pem`;
  await Deno.writeTextFile(signing, key.privatePem, { mode: 0o600 });
  await Deno.writeTextFile(verify, key.publicPem);
  return { signing, verify };
}
