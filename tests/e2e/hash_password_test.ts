import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { cliArgs, startApp } from "../../scripts/lib/app_process.ts";
import { inTerminal } from "../support/terminal.ts";
import { needs } from "../../scripts/lib/tools.ts";
import { basicHeaders } from "../support/credentials.ts";

const ROOT = new URL("../../", import.meta.url);

/** Runs the real CLI with `stdin` piped in. */
async function hashCli(args: string[], stdin: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: cliArgs(["hash-password", ...args]),
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const output = await child.output();
  const text = new TextDecoder();
  return { code: output.code, out: text.decode(output.stdout), err: text.decode(output.stderr) };
}

Deno.test("hash-password: the CLI reads a piped password (one trailing newline dropped)", async () => {
  const result = await hashCli(["-user", "bob", "-cost", "4"], "pipe-pw\r\n");
  assert.equal(result.code, 0, result.err);
  assert.ok(bcrypt.compareSync("pipe-pw", result.out.trimEnd().slice(4)));
  const twoLines = await hashCli([], "one\ntwo\n");
  assert.equal(twoLines.code, 1);
  assert.match(twoLines.err, /the password must be one line/);
});

Deno.test({
  name: "hash-password: at a terminal it asks twice and echoes nothing (a pty through script(1))",
  ...needs("script"),
  async fn() {
    const command = ["deno", ...cliArgs(["hash-password", "-user", "tty", "-cost", "4"])].join(" ");
    const terminal = inTerminal(command, ROOT, {
      PATH: `${Deno.execPath().replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH")}`,
    });
    try {
      await terminal.until("Password: ", 20_000);
      await terminal.type("tty-pwX\x7f\r"); // a typo erased with Backspace
      await terminal.until("Retype password: ", 20_000);
      await terminal.type("tty-pw\r");
      await terminal.until("$2y$04$", 20_000);
      await terminal.status();
    } finally {
      terminal.kill();
    }
    const seen = terminal.output();
    assert.ok(!seen.includes("tty-pw"), `the password was echoed: ${JSON.stringify(seen)}`);
    const hash = /tty:(\$2y\$04\$[./A-Za-z0-9]{53})/.exec(seen)?.[1];
    assert.ok(hash && bcrypt.compareSync("tty-pw", hash), seen);
  },
});

Deno.test({
  name: "hash-password interop: a line we print passes Debian's htpasswd -v; a wrong password does not",
  ...needs("htpasswd"),
  async fn() {
    const dir = Deno.makeTempDirSync();
    try {
      const result = await hashCli(["-user", "alice", "-cost", "10"], "from-app\n");
      Deno.writeTextFileSync(`${dir}/htpasswd`, result.out);
      const verify = (password: string) =>
        new Deno.Command("htpasswd", { args: ["-vb", `${dir}/htpasswd`, "alice", password], stderr: "null" })
          .output();
      assert.equal((await verify("from-app")).code, 0);
      assert.notEqual((await verify("from-ap")).code, 0);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "hash-password interop: a file made by Debian's htpasswd -B -C 10 logs in",
  ...needs("htpasswd"),
  async fn() {
    const dir = Deno.makeTempDirSync();
    const file = `${dir}/htpasswd`;
    const make = (args: string[]) => new Deno.Command("htpasswd", { args, stderr: "null" }).output();
    assert.equal((await make(["-cbB", "-C", "10", file, "carol", "from-htpasswd"])).code, 0);
    assert.equal((await make(["-bB", "-C", "10", file, "dan", "dan's pw"])).code, 0);
    const app = await startApp("auth", ["-secret", "interop", "-users-file", file]);
    try {
      const login = async (credentials: string) => {
        const response = await fetch(`${app.url}/login`, {
          headers: basicHeaders(credentials),
        });
        await response.body?.cancel();
        return response.status;
      };
      assert.equal(await login("carol:from-htpasswd"), 200);
      assert.equal(await login("dan:dan's pw"), 200);
      assert.equal(await login("carol:from-htpasswD"), 401);
    } finally {
      await app.stop();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
