import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../scripts/lib/app_process.ts";
import { needs } from "../../scripts/lib/tools.ts";
import { parseSigningKey, parseVerifyKey } from "../../src/keys/key_files.ts";
import { samePair } from "../../src/keys/jwk.ts";

async function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  const result = await new Deno.Command("openssl", { args, stdout: "piped", stderr: "piped" }).output();
  const decoder = new TextDecoder();
  return { code: result.code, out: decoder.decode(result.stdout) + decoder.decode(result.stderr) };
}

/** Runs `app keygen -alg alg` into a fresh directory, hands `check` the output directory, cleans up. */
async function withKeygen(alg: string, check: (out: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "keygen-" });
  try {
    const out = join(dir, "keys");
    const result = await runCli(["keygen", "-alg", alg, "-out", out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /wrote .*signing-key\.pem/);
    await check(out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const [alg, opensslName] of [["EdDSA", "ED25519"], ["ES256", "prime256v1"]]) {
  Deno.test(`app keygen -alg ${alg}: a PKCS#8 private key (0600) and its SPKI public key`, async () => {
    await withKeygen(alg, async (out) => {
      assert.equal((await Deno.stat(join(out, "signing-key.pem"))).mode! & 0o777, 0o600);
      assert.equal((await Deno.stat(join(out, "verify-key.pem"))).mode! & 0o777, 0o644);
      const signing = await parseSigningKey(await Deno.readTextFile(join(out, "signing-key.pem")));
      const verify = await parseVerifyKey(await Deno.readTextFile(join(out, "verify-key.pem")));
      assert.equal(signing.alg, alg);
      assert.equal(verify.kid, signing.public.kid);
      assert.ok(await samePair(alg as "EdDSA", signing.privateKey, verify.key));
    });
  });

  Deno.test(
    `app keygen -alg ${alg}: openssl reads both files as one ${opensslName} pair`,
    needs("openssl"),
    async () => {
      await withKeygen(alg, async (out) => {
        const text = await openssl("pkey", "-in", join(out, "signing-key.pem"), "-noout", "-text");
        assert.equal(text.code, 0, text.out);
        assert.match(text.out, new RegExp(opensslName));
        const pub = await openssl("pkey", "-in", join(out, "signing-key.pem"), "-pubout");
        assert.equal(pub.code, 0, pub.out);
        assert.equal(
          pub.out,
          await Deno.readTextFile(join(out, "verify-key.pem")),
          "the public key is the private key's",
        );
      });
    },
  );
}

Deno.test("app keygen refuses to overwrite without -force, replaces with it; bad flags exit 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "keygen-" });
  try {
    assert.equal((await runCli(["keygen", "-out", dir])).code, 0);
    const before = await Deno.readTextFile(join(dir, "signing-key.pem"));
    const again = await runCli(["keygen", "-out", dir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^app keygen: .*signing-key\.pem already exists; use -force/);
    assert.equal(await Deno.readTextFile(join(dir, "signing-key.pem")), before);
    assert.equal((await runCli(["keygen", "-out", dir, "-force"])).code, 0);
    assert.notEqual(await Deno.readTextFile(join(dir, "signing-key.pem")), before);
    for (const args of [["-alg", "RS256"], ["-alg", "HS256"], ["-out", ""], ["-bogus"]]) {
      const bad = await runCli(["keygen", ...args, "-out", args[0] === "-out" ? "" : dir]);
      assert.equal(bad.code, 2, args.join(" "));
      assert.match(bad.stderr, /^app keygen: .*\n\nUsage: app keygen/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
