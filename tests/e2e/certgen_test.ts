import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../scripts/lib/app_process.ts";
import { needs } from "../../scripts/lib/tools.ts";

async function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  const result = await new Deno.Command("openssl", { args, stdout: "piped", stderr: "piped" }).output();
  const decoder = new TextDecoder();
  return { code: result.code, out: decoder.decode(result.stdout) + decoder.decode(result.stderr) };
}

async function verifies(dir: string, check: string[]): Promise<boolean> {
  const args = ["verify", "-purpose", "sslserver", "-CAfile", join(dir, "ca.pem"), ...check];
  return (await openssl(...args, join(dir, "cert.pem"))).code === 0;
}

Deno.test(
  "app certgen writes a CA and a server certificate that openssl verifies for every name",
  needs("openssl"),
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "certgen-" });
    try {
      const out = join(dir, "tls");
      const result = await runCli(["certgen", "-out", out, "-host", "api.test,10.1.2.3"]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /wrote .*ca\.pem/);

      const modes = Object.fromEntries(
        await Promise.all(
          ["ca.pem", "ca-key.pem", "cert.pem", "key.pem"].map(async (name) => {
            return [name, (await Deno.stat(join(out, name))).mode! & 0o777];
          }),
        ),
      );
      assert.deepEqual(modes, { "ca.pem": 0o644, "ca-key.pem": 0o600, "cert.pem": 0o644, "key.pem": 0o600 });

      assert.ok(await verifies(out, []), "chain verifies");
      for (
        const host of [
          "localhost",
          "frontend",
          "hello.default.svc.cluster.local",
          "www.example.com",
          "api.test",
        ]
      ) {
        assert.ok(await verifies(out, ["-verify_hostname", host]), host);
      }
      for (const ip of ["127.0.0.1", "::1", "10.1.2.3"]) {
        assert.ok(await verifies(out, ["-verify_ip", ip]), ip);
      }
      assert.equal(await verifies(out, ["-verify_hostname", "evil.test"]), false);
      assert.equal(await verifies(out, ["-verify_hostname", "a.b.example.com"]), false);

      const ca = await openssl("x509", "-in", join(out, "ca.pem"), "-noout", "-text");
      assert.match(ca.out, /CA:TRUE, pathlen:0/);
      assert.match(ca.out, /Certificate Sign, CRL Sign/);
      const cert = await openssl("x509", "-in", join(out, "cert.pem"), "-noout", "-text");
      assert.match(cert.out, /CA:FALSE/);
      assert.match(cert.out, /TLS Web Server Authentication/);
      assert.match(cert.out, /ecdsa-with-SHA256/);

      const certKey = await openssl("x509", "-in", join(out, "cert.pem"), "-noout", "-pubkey");
      const privateKey = await openssl("pkey", "-in", join(out, "key.pem"), "-pubout");
      assert.equal(privateKey.out, certKey.out, "key.pem belongs to cert.pem");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("app certgen refuses to overwrite existing files unless -force", needs("openssl"), async () => {
  const dir = await Deno.makeTempDir({ prefix: "certgen-" });
  try {
    await Deno.writeTextFile(join(dir, "key.pem"), "keep me");
    const refused = await runCli(["certgen", "-out", dir]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /key\.pem already exists; use -force/);
    assert.equal(await Deno.readTextFile(join(dir, "key.pem")), "keep me");
    await assert.rejects(Deno.stat(join(dir, "ca.pem")), Deno.errors.NotFound);

    const forced = await runCli(["certgen", "-out", dir, "-force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(await Deno.readTextFile(join(dir, "key.pem")), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal((await Deno.stat(join(dir, "key.pem"))).mode! & 0o777, 0o600);
    assert.ok(await verifies(dir, []));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("app certgen reports bad flags in one line with exit 2", async (t) => {
  const cases: [string[], RegExp][] = [
    [["-host", "bad_name"], /^app certgen: invalid host "bad_name"/],
    [["-bogus"], /^app certgen: flag provided but not defined: -bogus/],
    [["-out"], /^app certgen: flag needs an argument: -out/],
    [["-out", ""], /^app certgen: -out must not be empty/],
    [["stray"], /^app certgen: unexpected argument: "stray"/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const result = await runCli(["certgen", ...args]);
      assert.equal(result.code, 2);
      const firstLine = result.stderr.split("\n").find((line) => line.startsWith("app certgen"));
      assert.match(firstLine ?? "", message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    });
  }
  await t.step("-help", async () => {
    const help = await runCli(["certgen", "-help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /-host NAMES/);
  });
});
