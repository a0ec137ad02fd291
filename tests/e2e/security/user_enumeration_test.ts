import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { startApp } from "../../support/app_process.ts";

const basic = (credentials: string) => ({ Authorization: `Basic ${btoa(credentials)}` });

async function timed(url: string, credentials: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/login`, { headers: basic(credentials) });
  await response.body?.cancel();
  const elapsed = performance.now() - start;
  assert.equal(response.status, 401);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

Deno.test("an unknown user or an over-long password costs the same bcrypt work as a wrong password (medians within 20%)", async () => {
  const app = await startApp("auth", ["-secret", "enumeration-test", "-login-failures", "0"]);
  try {
    for (let i = 0; i < 3; i++) await timed(app.url, "user:warm-up"); // start the workers
    // A leak is systematic (an unknown name would answer in ~1 ms against ~70 ms) and fails every
    // round; noise from other processes on this 2-core machine is not, so a round may be redone
    // up to twice.
    let verdict = "";
    for (let round = 1; round <= 3; round++) {
      const unknown: number[] = [];
      const wrong: number[] = [];
      const tooLong: number[] = [];
      // Interleaved, one at a time, so machine noise falls on every series alike.
      for (let i = 0; i < 12; i++) {
        unknown.push(await timed(app.url, `nobody-${i}:password`));
        wrong.push(await timed(app.url, `user:wrong-${i}`));
        tooLong.push(await timed(app.url, `user:${"x".repeat(100 + i)}`));
      }
      const [u, w, l] = [median(unknown), median(wrong), median(tooLong)];
      const gap = (a: number) => Math.abs(a - w) / Math.min(a, w);
      const pct = (a: number) => `${(gap(a) * 100).toFixed(1)}%`;
      verdict = `round ${round}, median ms: wrong password ${w.toFixed(1)}, ` +
        `unknown user ${u.toFixed(1)} (${pct(u)}), over-long password ${l.toFixed(1)} (${pct(l)})`;
      console.log(verdict);
      assert.ok(w > 5, `a wrong password took ${w.toFixed(1)} ms: bcrypt did not run`);
      if (gap(u) <= 0.2 && gap(l) <= 0.2) return;
    }
    assert.fail(`medians more than 20% apart in 3 rounds; last ${verdict}`);
  } finally {
    await app.stop();
  }
});

Deno.test("with a users file of mixed costs, an unknown user costs what a wrong password of the most common cost does (medians within 20%)", async () => {
  // Two users at cost 11, one at 10: the decoy must take cost 11. A decoy left at the course's
  // cost 10 would answer unknown names in half the time of most known ones.
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/htpasswd`;
  const entry = (name: string, cost: number) => `${name}:${bcrypt.hashSync(`${name}-pw`, cost)}\n`;
  Deno.writeTextFileSync(file, entry("ann", 11) + entry("ben", 10) + entry("cat", 11));
  const app = await startApp("auth", [
    "-secret",
    "enumeration-test",
    "-users-file",
    file,
    "-login-failures",
    "0",
  ]);
  try {
    for (let i = 0; i < 3; i++) await timed(app.url, "ann:warm-up");
    let verdict = "";
    for (let round = 1; round <= 3; round++) {
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 10; i++) {
        unknown.push(await timed(app.url, `nobody-${i}:password`));
        wrong.push(await timed(app.url, `${i % 2 ? "ann" : "cat"}:wrong-${i}`));
      }
      const [u, w] = [median(unknown), median(wrong)];
      const gap = Math.abs(u - w) / Math.min(u, w);
      verdict = `round ${round}, median ms: wrong password (cost 11) ${w.toFixed(1)}, ` +
        `unknown user ${u.toFixed(1)} (${(gap * 100).toFixed(1)}%)`;
      console.log(verdict);
      if (gap <= 0.2) return;
    }
    assert.fail(`medians more than 20% apart in 3 rounds; last ${verdict}`);
  } finally {
    await app.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});
