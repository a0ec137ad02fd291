import assert from "node:assert/strict";
import { join } from "node:path";
import { type AppProcess, startApp } from "../../scripts/lib/app_process.ts";
import { claims, hmacToken, HS256 } from "../support/jwt.ts";
import { secretVolume } from "../support/k8s_secret_volume.ts";
import { basicAuth } from "../support/credentials.ts";
import { until } from "../../scripts/lib/wait.ts";

const OLD = "rotation-old-secret-1f0c";
const NEW = "rotation-new-secret-9b2e";
const basic = basicAuth("user:password");

async function status(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

/**
 * Resolves on `app`'s next "secret file ... reloaded" line after those logged so far: its poll has
 * put the file's new secrets in force (they are applied before the line is written). Call it
 * before the update.
 */
function nextReload(app: AppProcess): Promise<string> {
  const reloads = (text: string) => text.match(/secret file ".*" reloaded \(changed/g)?.length ?? 0;
  const before = reloads(app.stderr());
  return app.waitFor("stderr", (text) => reloads(text) > before);
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
    /** Updates both volumes (in the given order) and resolves once both pods have reloaded. */
    const rotate = async (text: string, volumes: typeof authVolume[], pods: AppProcess[]) => {
      const reloaded = pods.map(nextReload);
      for (const volume of volumes) await volume.update(text);
      await Promise.all(reloaded);
    };
    /** Resolves once the client has checked `n` more pairs of tokens (its new one and the one before). */
    const moreTraffic = (n: number) => {
      const target = tally.checks + 2 * n;
      return until(`${n} more rounds of the client`, () => tally.checks >= target);
    };
    assert.equal(await status(secure, forged(NEW)), 401, "the new secret verified before step 1");

    // Step 1: add the new secret second, everywhere.
    await rotate(`${OLD}\n${NEW}\n`, [helloVolume, authVolume], [hello, auth]);
    assert.equal(await status(secure, forged(NEW)), 200, "hello does not verify the new secret");
    assert.ok(await signedWith(OLD), "auth must still sign with the old secret");

    // Step 2: make it first: auth signs with it; both still verify both.
    await rotate(`${NEW}\n${OLD}\n`, [authVolume, helloVolume], [auth, hello]);
    assert.ok(await signedWith(NEW), "auth does not sign with the new secret");
    // The client's tokens (new) and the ones before them (old, then new) all pass in this state.
    await moreTraffic(5);

    // Step 3: drop the old one.
    await rotate(`${NEW}\n`, [authVolume, helloVolume], [auth, hello]);
    assert.equal(await status(secure, forged(OLD)), 401, "hello still verifies the old secret");

    // A broken update (an empty file) is refused; the secrets in use stay.
    await helloVolume.update("\n");
    await hello.waitFor("stderr", /holds no secret/);
    assert.equal(await status(secure, forged(NEW)), 200);
    // Polls after the refusal keep the secrets in use: the client goes on without a failure.
    await moreTraffic(3);
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
