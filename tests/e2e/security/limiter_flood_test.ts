import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { peakMiB } from "../../support/memory.ts";
import { basicAuth } from "../../support/credentials.ts";

const CAPACITY = 1_000;
const FLOOD = 3 * CAPACITY;

Deno.test("login limiter flood: 3x -login-clients distinct forwarded sources keep the blocked client blocked and memory bounded", async () => {
  const dir = await Deno.makeTempDir();
  // Cost 4 keeps each failed login to ~1 ms of bcrypt (the decoy follows the file's cost).
  await Deno.writeTextFile(`${dir}/htpasswd`, `alice:${bcrypt.hashSync("alice-pw", 4)}\n`);
  const app = await startApp("auth", [
    "-secret",
    "limiter-flood",
    "-users-file",
    `${dir}/htpasswd`,
    "-trusted-proxies",
    "127.0.0.1/32",
    "-login-failures",
    "3",
    "-login-clients",
    String(CAPACITY),
  ]);
  const login = async (source: string, credentials: string) => {
    const response = await fetch(`${app.url}/login`, {
      headers: { Authorization: basicAuth(credentials), "X-Forwarded-For": source },
    });
    await response.body?.cancel();
    return response.status;
  };
  try {
    for (let i = 0; i < 3; i++) assert.equal(await login("192.0.2.1", "alice:guess"), 401);
    assert.equal(await login("192.0.2.1", "alice:alice-pw"), 429, "blocked before the flood");
    const idle = peakMiB(app.child.pid)!;
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < FLOOD) {
        const i = next++;
        const status = await login(`10.0.${i >> 8}.${i & 255}`, "alice:guess");
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }));
    assert.equal(statuses.get(401), FLOOD, `every flood login was a checked failure: ${[...statuses]}`);
    assert.equal(await login("192.0.2.1", "alice:alice-pw"), 429, "the blocked client is still blocked");
    assert.equal(await login("10.0.0.0", "alice:alice-pw"), 200, "a flood source below the limit logs in");
    const peak = peakMiB(app.child.pid)!;
    // Login traffic alone grows the process (the bcrypt worker's heap): a bound, not an exact size.
    assert.ok(peak < idle * 1.5, `peak RSS ${peak.toFixed(1)} MiB after ${idle.toFixed(1)} MiB idle`);
  } finally {
    await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
