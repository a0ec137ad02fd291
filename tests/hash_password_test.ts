import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { runHashPassword } from "../src/cli/hash_password.ts";
import { PasswordInputError } from "../src/util/read_password.ts";
import { cliArgs, startApp } from "./support/app_process.ts";

const ROOT = new URL("../", import.meta.url);

/** Runs the command in-process with `password` as what stdin gave. */
async function hashWith(args: string[], password: string | Error) {
  let out = "";
  let err = "";
  const io = {
    out: (t: string) => void (out += t),
    err: (t: string) => void (err += t),
    env: () => undefined,
  };
  const read = () => password instanceof Error ? Promise.reject(password) : Promise.resolve(password);
  const code = await runHashPassword(args, io, read);
  return { code, out, err };
}

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

const htpasswd = await new Deno.Command("htpasswd", { args: ["-nbB", "-C", "4", "probe", "probe"] }).output()
  .then(() => true, () => false);
const HTPASSWD_MISSING = "htpasswd (Debian apache2-utils) is not installed: interop tests ignored";
if (!htpasswd) console.warn(HTPASSWD_MISSING);

Deno.test("hash-password: an htpasswd line with -user, the bare hash without, at the asked cost", async () => {
  const line = await hashWith(["-user", "alice", "-cost", "5"], "s3cret pass");
  assert.equal(line.code, 0, line.err);
  const [name, hash] = line.out.trimEnd().split(":");
  assert.equal(name, "alice");
  assert.match(hash, /^\$2y\$05\$[./A-Za-z0-9]{53}$/);
  assert.ok(bcrypt.compareSync("s3cret pass", hash));
  assert.ok(!bcrypt.compareSync("s3cret pas", hash));
  const bare = await hashWith(["-cost=4"], "pw");
  assert.match(bare.out, /^\$2y\$04\$[./A-Za-z0-9]{53}\n$/);
  const standard = await hashWith([], "pw");
  assert.match(standard.out, /^\$2y\$10\$/, "cost 10 by default, as the course's hash");
});

Deno.test("hash-password: mistakes exit 2 with usage, unusable passwords exit 1, never a hash", async (t) => {
  const cases: [string, string[], string | Error, number, RegExp][] = [
    ["cost 3", ["-cost", "3"], "pw", 2, /invalid value "3" for -cost: want a whole number 4-31/],
    ["cost 32", ["-cost", "32"], "pw", 2, /invalid value "32" for -cost/],
    ["cost not a number", ["-cost", "ten"], "pw", 2, /invalid value "ten" for -cost/],
    ["a colon in the name", ["-user", "a:b"], "pw", 2, /invalid value for -user: user name with a ":"/],
    ["an empty name", ["-user", ""], "pw", 2, /invalid value for -user: empty user name/],
    ["a control character in the name", ["-user", "a\tb"], "pw", 2, /control character/],
    ["an unknown flag", ["-rounds", "5"], "pw", 2, /flag provided but not defined: -rounds/],
    ["an empty password", [], "", 1, /^app hash-password: empty password\n$/],
    ["a password over 72 bytes", [], "é".repeat(37), 1, /over 72 bytes/],
    [
      "mistyped twice at a terminal",
      [],
      new PasswordInputError("the passwords do not match"),
      1,
      /do not match/,
    ],
    ["Ctrl-C at a terminal", [], new PasswordInputError("interrupted", true), 130, /interrupted/],
  ];
  for (const [name, args, password, code, message] of cases) {
    await t.step(name, async () => {
      const result = await hashWith(args, password);
      assert.equal(result.code, code);
      assert.equal(result.out, "");
      assert.match(result.err, message);
      assert.equal(/Usage: app hash-password/.test(result.err), code === 2);
    });
  }
});

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
  ignore: !(await Deno.stat("/usr/bin/script").then(() => true, () => false)),
  async fn() {
    const command = ["deno", ...cliArgs(["hash-password", "-user", "tty", "-cost", "4"])].join(" ");
    const child = new Deno.Command("script", {
      args: ["-qec", command, "/dev/null"],
      cwd: ROOT,
      env: { NO_COLOR: "1", PATH: `${Deno.execPath().replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH")}` },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let seen = "";
    const reader = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of child.stdout) seen += decoder.decode(chunk, { stream: true });
    })();
    const until = async (text: string) => {
      const deadline = Date.now() + 20_000;
      while (!seen.includes(text)) {
        if (Date.now() > deadline) assert.fail(`no ${JSON.stringify(text)} in ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const writer = child.stdin.getWriter();
    const type = (text: string) => writer.write(new TextEncoder().encode(text));
    await until("Password: ");
    await type("tty-pwX\x7f\r"); // a typo erased with Backspace
    await until("Retype password: ");
    await type("tty-pw\r");
    await until("$2y$04$");
    await writer.close();
    await child.status;
    await reader;
    assert.ok(!seen.includes("tty-pw"), `the password was echoed: ${JSON.stringify(seen)}`);
    const hash = /tty:(\$2y\$04\$[./A-Za-z0-9]{53})/.exec(seen)?.[1];
    assert.ok(hash && bcrypt.compareSync("tty-pw", hash), seen);
  },
});

Deno.test({
  name: "hash-password interop: a line we print passes Debian's htpasswd -v; a wrong password does not",
  ignore: !htpasswd,
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
  ignore: !htpasswd,
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
          headers: { Authorization: `Basic ${btoa(credentials)}` },
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
