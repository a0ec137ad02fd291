/**
 * The asymmetric-token half of the benchmark: a second monolith that signs with an Ed25519 key
 * (`-signing-key`, as `app keygen` writes it), and tokens minted with that key: one to reuse and
 * many distinct ones (each a cache miss, so a full signature check).
 * @module
 */
import { generateKeyFiles } from "../src/keys/keygen.ts";
import { parseSigningKey } from "../src/keys/key_files.ts";
import { createKeySigner } from "../src/keys/signer.ts";
import type { Started } from "./procs.ts";
import { launch } from "./services.ts";

/** A monolith signing with a key, its reused token's headers and the distinct-token load. */
export interface KeyBench {
  app: Started & { url: string };
  bearer: Record<string, string>;
  distinct: { script: string; env: Record<string, string> };
}

/** Writes a key and `count` tokens into `dir` and starts the monolith that verifies them. */
export async function startKeyBench(dir: URL, accessLog: string, count: number): Promise<KeyBench> {
  const files = await generateKeyFiles("EdDSA");
  const keyFile = new URL("signing-key.pem", dir).pathname;
  await Deno.writeTextFile(keyFile, files["signing-key.pem"], { mode: 0o600 });
  const sign = createKeySigner(await parseSigningKey(files["signing-key.pem"]));
  const minted: string[] = [];
  for (let i = 0; i < count; i++) {
    minted.push(await sign({ name: `user${i}`, email: `user${i}@example.com` }));
  }
  const tokenFile = new URL("key-tokens.txt", dir).pathname;
  await Deno.writeTextFile(tokenFile, minted.join("\n") + "\n");
  const app = await launch("app", accessLog, {}, ["-signing-key", keyFile]);
  return {
    app,
    bearer: { Authorization: `Bearer ${minted[0]}` },
    distinct: { script: new URL("./tokens.lua", import.meta.url).pathname, env: { TOKENS: tokenFile } },
  };
}
