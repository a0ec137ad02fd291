import assert from "node:assert/strict";
import { join } from "node:path";
import { type AppProcess, startApp } from "../../scripts/lib/app_process.ts";
import { claims, hmacToken, HS256 } from "../support/jwt.ts";
import { secretVolume } from "../support/k8s_secret_volume.ts";
import { basicAuth } from "../support/credentials.ts";

const OLD = "rotation-old-secret-1f0c";
const NEW = "rotation-new-secret-9b2e";
const basic = basicAuth("user:password");

async function status(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

/** Polls `check` until it is true (a reload is picked up within a poll interval or two). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test("HS256 secret rotation in three steps across auth and hello, files changed in place: zero failed requests", async () => {
  const dir = await Deno.makeTempDir();
  const apps: AppProcess[] = [];
  let running = true;
  let client: Promise<void> | undefined;
  const tally = { logins: 0, checks: 0, failures: [] as string[] };
  try {
    // Two pods, each with its own mount of the same Secret, updated at different moments.
    const authVolume = await secretVolume(join(dir, "auth"), "secret", `${OLD}\n`);
    const helloVolume = await secretVolume(join(dir, "hello"), "secret", `${OLD}\n`);
    const auth = await startApp("auth", ["-secret-file", authVolume.path]);
    apps.push(auth);
    const hello = await startApp("hello", ["-secret-file", helloVolume.path]);
    apps.push(hello);
    const secure = `${hello.url}/secure`;

    // The client logs in and uses each fresh token, and the one before it, all along.
    client = (async () => {
      let previous: string | undefined;
      while (running) {
        const response = await fetch(`${auth.url}/login`, { headers: { Authorization: basic } });
        tally.logins++;
        if (response.status !== 200) {
          tally.failures.push(`login ${response.status}`);
          await response.body?.cancel();
          continue;
        }
        const { token } = await response.json();
        for (const t of previous === undefined ? [token] : [token, previous]) {
          tally.checks++;
          const code = await status(secure, t);
          if (code !== 200) tally.failures.push(`/secure ${code}`);
        }
        previous = token;
      }
    })();
    const signedWith = async (secret: string) => {
      const response = await fetch(`${auth.url}/login`, { headers: { Authorization: basic } });
      const { token } = await response.json();
      const input = token.slice(0, token.lastIndexOf("."));
      return hmacToken(HS256, JSON.parse(atob(input.split(".")[1])), secret) === token;
    };
    const forged = (secret: string) => hmacToken(HS256, claims(), secret);
    assert.equal(await status(secure, forged(NEW)), 401, "the new secret verified before step 1");

    // Step 1: add the new secret second, everywhere.
    await helloVolume.update(`${OLD}\n${NEW}\n`);
    await authVolume.update(`${OLD}\n${NEW}\n`);
    await until("hello verifies the new secret", async () => (await status(secure, forged(NEW))) === 200);
    assert.ok(await signedWith(OLD), "auth must still sign with the old secret");

    // Step 2: make it first: auth signs with it; both still verify both.
    await authVolume.update(`${NEW}\n${OLD}\n`);
    await helloVolume.update(`${NEW}\n${OLD}\n`);
    await until("auth signs with the new secret", () => signedWith(NEW));
    await new Promise((resolve) => setTimeout(resolve, 2000));

    // Step 3: drop the old one.
    await authVolume.update(`${NEW}\n`);
    await helloVolume.update(`${NEW}\n`);
    await until("hello refuses the old secret", async () => (await status(secure, forged(OLD))) === 401);

    // A broken update (an empty file) is refused; the secrets in use stay.
    await helloVolume.update("\n");
    await until(
      "hello logs the refused update",
      () => Promise.resolve(/holds no secret/.test(hello.stderr())),
    );
    assert.equal(await status(secure, forged(NEW)), 200);
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    running = false;
    await client;
    for (const app of apps) await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
  assert.deepEqual(
    tally.failures,
    [],
    `failed requests out of ${tally.logins} logins, ${tally.checks} checks`,
  );
  assert.ok(tally.logins >= 10 && tally.checks >= 20, `too little traffic: ${JSON.stringify(tally)}`);
  console.log(`rotation: ${tally.logins} logins, ${tally.checks} /secure checks, 0 failed`);
});
