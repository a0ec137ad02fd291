/**
 * A users file cannot make one login hold the bcrypt worker: costs over -max-bcrypt-cost are refused,
 * and a check past -bcrypt-timeout is cut off.
 */
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { runCli, startApp } from "../../../scripts/lib/app_process.ts";
import { basicHeaders as basic } from "../../support/credentials.ts";
import { until } from "../../../scripts/lib/wait.ts";

// A well-formed cost-31 hash: bcrypt would spend 2^31 rounds (days) on it before saying no.
const COST_31 = "$2y$31$Ui3Ql9vq0D0bT8JpQyJ0m.u6Y0sB5c3oQm6o3W9c7p2h1XkZrV4eS";
const alice = `alice:${bcrypt.hashSync("alice-pw", 4)}\n`;

async function login(url: string, credentials: string) {
  const response = await fetch(`${url}/login`, { headers: basic(credentials) });
  await response.body?.cancel();
  return `${response.status} ${response.headers.get("Retry-After") ?? "-"}`;
}

async function queueDepth(healthUrl: string): Promise<number> {
  const text = await (await fetch(`${healthUrl}/metrics`)).text();
  return Number(/^app_bcrypt_queue_depth (\d+)$/m.exec(text)?.[1]);
}

Deno.test("bcrypt cost: a users file line over -max-bcrypt-cost (14) stops the start naming the line; on reload it is logged and the old users stay", async () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/htpasswd`;
  try {
    Deno.writeTextFileSync(file, `${alice}slow:${COST_31}\n`);
    const refused = await runCli(["auth", "-secret", "cost-test", "-users-file", file]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /line 2: user "slow": bcrypt cost 31 is outside 4-14 \(-max-bcrypt-cost widens it\)/,
    );
    assert.ok(!refused.stderr.includes(COST_31), "the hash is never echoed");

    Deno.writeTextFileSync(file, alice);
    const app = await startApp("auth", ["-secret", "cost-test", "-users-file", file]);
    try {
      assert.equal(await login(app.url, "alice:alice-pw"), "200 -");
      Deno.writeTextFileSync(file, `${alice}slow:${COST_31}\n`);
      await until("log line about the reload", () => /bcrypt cost 31 is outside 4-14/.test(app.stderr()));
      assert.match(
        app.stderr(),
        /line 2: user "slow": bcrypt cost 31 .*; the users loaded before stay in force/,
      );
      assert.equal(await login(app.url, "alice:alice-pw"), "200 -", "the old users stay");
      assert.equal(await login(app.url, "slow:x"), "401 -", "the refused line never loaded");
    } finally {
      await app.stop();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("bcrypt cost: a check past -bcrypt-timeout answers 503, the worker is replaced, the login queued behind it succeeds, SIGTERM exits 0", async () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/htpasswd`;
  Deno.writeTextFileSync(file, `${alice}slow:${COST_31}\n`);
  const app = await startApp("auth", [
    "-secret",
    "cost-test",
    "-users-file",
    file,
    "-max-bcrypt-cost",
    "31",
    "-bcrypt-timeout",
    "1s",
  ]);
  try {
    const slow = login(app.url, "slow:x");
    // Wait until the cost-31 check holds the worker, so that alice's is queued behind it.
    await until("the cost-31 check to hold the worker", async () => await queueDepth(app.healthUrl) === 1);
    const behind = login(app.url, "alice:alice-pw"); // queued on the same worker, behind the cost-31 check
    assert.equal(await slow, "503 1", "cut off at the deadline, never a 401");
    assert.equal(await behind, "200 -", "handed to the new worker");
    assert.match(app.stderr(), /bcrypt comparison still running after 1000 ms: worker replaced/);
    assert.equal(await login(app.url, "alice:wrong"), "401 -", "the new worker answers");
    const status = await app.stop();
    assert.equal(status.code, 0, app.stderr());
    assert.doesNotMatch(app.stderr(), /Shutdown timeout/);
  } finally {
    await app.stop("SIGKILL");
    Deno.removeSync(dir, { recursive: true });
  }
});
