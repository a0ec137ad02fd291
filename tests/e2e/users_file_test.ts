import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { type AppProcess, runCli, startApp } from "../../scripts/lib/app_process.ts";
import { basicHeaders as basic } from "../support/credentials.ts";

const line = (name: string, password: string, cost = 4) => `${name}:${bcrypt.hashSync(password, cost)}\n`;

async function status(url: string, credentials: string): Promise<number> {
  const response = await fetch(`${url}/login`, { headers: basic(credentials) });
  await response.body?.cancel();
  return response.status;
}

/**
 * Resolves on the next "reloaded" line after those logged so far: the users file's poll has
 * applied a change (the users are in force before the line is written). Call it before the change.
 */
function nextReload(app: AppProcess): Promise<string> {
  const reloads = (text: string) => text.match(/users file ".*" reloaded: \d+ user\(s\)/g)?.length ?? 0;
  const before = reloads(app.stderr());
  return app.waitFor("stderr", (text) => reloads(text) > before);
}

/** A directory laid out as the kubelet mounts a Secret: htpasswd -> ..data/htpasswd -> ..<n>/htpasswd. */
class SecretVolume {
  readonly dir = Deno.makeTempDirSync();
  readonly path = `${this.dir}/htpasswd`;
  #n = 0;
  constructor(text: string) {
    this.swap(text);
    Deno.symlinkSync("..data/htpasswd", this.path);
  }
  /** Writes a new version and swaps `..data` to it atomically, as the kubelet does. */
  swap(text: string) {
    const version = `..v${++this.#n}`;
    Deno.mkdirSync(`${this.dir}/${version}`);
    Deno.writeTextFileSync(`${this.dir}/${version}/htpasswd`, text);
    Deno.symlinkSync(version, `${this.dir}/..data_tmp`);
    Deno.renameSync(`${this.dir}/..data_tmp`, `${this.dir}/..data`);
  }
  remove() {
    Deno.removeSync(this.dir, { recursive: true });
  }
}

Deno.test("users file: its users log in instead of the course's; a Secret-style swap reloads; an invalid one keeps the old users", async () => {
  const volume = new SecretVolume(line("alice", "alice-pw"));
  const app = await startApp("auth", [
    "-secret",
    "users-file-test",
    "-users-file",
    volume.path,
    "-login-failures", // waiting for a reload is a run of failed logins
    "0",
  ]);
  try {
    assert.equal(await status(app.url, "alice:alice-pw"), 200);
    assert.equal(await status(app.url, "user:password"), 401, "the course's account is gone");
    assert.doesNotMatch(app.stderr(), /warning: no -users-file/);

    let reloaded = nextReload(app);
    volume.swap(line("bob", "bob-pw", 5) + line("carol", "carol-pw", 6));
    await reloaded;
    assert.equal(await status(app.url, "bob:bob-pw"), 200);
    assert.equal(await status(app.url, "carol:carol-pw"), 200);
    assert.equal(await status(app.url, "alice:alice-pw"), 401, "alice was replaced");
    assert.match(app.stderr(), /users file ".*htpasswd" reloaded: 2 user\(s\)/);

    const md5 = "$apr1$Zq8Ai8Yb$4hQ0Ev8s1I8d2pW8G9s0Z.";
    volume.swap(line("dave", "dave-pw") + `erin:${md5}\n`);
    await app.waitFor("stderr", /line 2: user "erin": an MD5/);
    assert.match(
      app.stderr(),
      /line 2: user "erin": an MD5 \(apr1\) hash.*; the users loaded before stay in force/,
    );
    assert.ok(!app.stderr().includes(md5), "the hash is never logged");
    assert.equal(await status(app.url, "bob:bob-pw"), 200, "the previous users stay");
    assert.equal(await status(app.url, "dave:dave-pw"), 401, "nothing of the invalid file is taken");

    reloaded = nextReload(app);
    volume.swap(line("frank", "frank-pw"));
    assert.equal((await reloaded).match(/reloaded: \d+ user\(s\)/g)?.at(-1), "reloaded: 1 user(s)");
    assert.equal(await status(app.url, "frank:frank-pw"), 200);
  } finally {
    await app.stop();
    volume.remove();
  }
});

Deno.test("users file: a missing file serves the course's account with a warning until it appears", async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/htpasswd`;
  const app = await startApp("monolith", ["-secret", "users-file-test", "-users-file", path]);
  try {
    assert.match(
      app.stderr(),
      /warning: users file ".*htpasswd" does not exist \(yet\): only the course's demo account "user" can log in until it does/,
    );
    assert.equal(await status(app.url, "user:password"), 200);
    const reloaded = nextReload(app);
    Deno.writeTextFileSync(`${dir}/tmp`, line("alice", "alice-pw"));
    Deno.renameSync(`${dir}/tmp`, path);
    assert.match(await reloaded, /users file ".*htpasswd" reloaded: 1 user\(s\)/);
    assert.equal(await status(app.url, "alice:alice-pw"), 200);
    assert.equal(await status(app.url, "user:password"), 401);
  } finally {
    await app.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("users file: without -users-file the course's account serves, with a warning on stderr", async () => {
  const app = await startApp("auth", ["-secret", "users-file-test"]);
  try {
    assert.match(
      app.stderr(),
      /warning: no -users-file: only the course's demo account "user" can log in/,
    );
    assert.equal(await status(app.url, "user:password"), 200);
  } finally {
    await app.stop();
  }
  const hello = await startApp("hello", ["-secret", "users-file-test"]);
  await hello.stop();
  assert.doesNotMatch(hello.stderr(), /users-file/, "hello checks no passwords and says nothing about users");
});

Deno.test("users file: an invalid or unreadable file at start-up is one line naming it, exit 1", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const hash = bcrypt.hashSync("pw", 4);
    Deno.writeTextFileSync(`${dir}/dup`, `alice:${hash}\n\nalice:${hash}\n`);
    Deno.writeTextFileSync(`${dir}/sha`, `alice:${hash}\nbob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n`);
    const cases: [string, RegExp][] = [
      [`${dir}/dup`, /^app auth: users file ".*dup": line 3: user "alice" is already on line 1\n$/],
      [`${dir}/sha`, /^app auth: users file ".*sha": line 2: user "bob": a SHA-1 hash; .*\n$/],
      [dir, /^app auth: cannot read users file ".*": /],
    ];
    for (const [path, message] of cases) {
      const result = await runCli(["auth", "-http", "127.0.0.1:0", "-health", "127.0.0.1:0"], {
        APP_USERS_FILE: path,
        APP_SECRET: "x",
      });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.ok(!result.stderr.includes(hash.slice(7)) && !result.stderr.includes("W6ph5"), "hash echoed");
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
