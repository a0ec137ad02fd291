import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { basicHeaders as basic } from "../../support/credentials.ts";

async function timed(url: string, credentials: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/login`, { headers: basic(credentials) });
  await response.body?.cancel();
  const elapsed = performance.now() - start;
  assert.equal(response.status, 401);
  return elapsed;
}

/** CPU time the process `pid` has used so far, every thread (the bcrypt worker's too), in ms. */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/schedstat`).split(" ")[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return ns / 1e6;
}

/**
 * The server's CPU time for one failed login (sent alone, so the process does nothing else). What
 * timing tells an attacker on a quiet server is this work; on a loaded 2-core machine a login's wall
 * time is mostly waiting to be scheduled, which a 10% bound cannot see through.
 */
async function cpuOfLogin(url: string, pid: number, credentials: string): Promise<number> {
  const before = cpuMs(pid);
  await timed(url, credentials);
  return cpuMs(pid) - before;
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

// Fixed hashes (alice-pw at cost 10, bob-pw at cost 11): the decoys are dealt by a key derived from
// them, so which unknown name meets which cost is the same on every run. Cost 10 and up: a scheduler
// delay of a few ms on a loaded machine is then a few percent of a check, not the 15% it was at cost 8.
const MIXED = "alice:$2b$10$ZLQq.IXhq4Iz/oyuL3B22OcrRzMk9QYFMN4l.tFjnx3kzc6nzOl5S\n" +
  "bob:$2b$11$ZKSkXT4/fkgWcYWWBqHKVO4S2VWk6Z1jy1mVrlEkK74sxiFElGxem\n";

Deno.test("with users at costs 10 and 11, each unknown name costs what one of them does (median CPU ratios within 10%), both have look-alikes, none is dearer than the dearest", async () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/htpasswd`;
  Deno.writeTextFileSync(file, MIXED);
  const app = await startApp("auth", [
    "-secret",
    "enumeration-test",
    "-users-file",
    file,
    "-login-failures",
    "0",
  ]);
  const unknownNames = Array.from({ length: 6 }, (_, i) => `nobody-${i}`);
  try {
    for (let i = 0; i < 3; i++) await timed(app.url, "alice:warm-up");
    // A leak is systematic and fails every round; noise from other processes on this 2-core machine
    // is not, so a round may be redone up to twice.
    let verdict = "";
    for (let round = 1; round <= 3; round++) {
      const REPS = 9;
      // Each unknown sample is divided by the known user's sample of the same repetition, so load that
      // changes over the round falls on both sides of every ratio. The order alternates direction so
      // that no series always follows a dear (or a cheap) check: a thread that has just used a lot of
      // CPU is scheduled later on a busy machine.
      const known = { alice: [] as number[], bob: [] as number[] };
      const unknown = new Map(unknownNames.map((name) => [name, [] as number[]]));
      const order = ["alice", ...unknownNames.slice(0, 3), "bob", ...unknownNames.slice(3)];
      for (let i = 0; i < REPS; i++) {
        for (const name of i % 2 ? [...order].reverse() : order) {
          const t = await cpuOfLogin(app.url, app.child.pid, `${name}:wrong-${i}`);
          if (name === "alice" || name === "bob") known[name].push(t);
          else unknown.get(name)!.push(t);
        }
      }
      const [alice, bob] = [median(known.alice), median(known.bob)];
      const ratios = { alice: [] as number[], bob: [] as number[] };
      const looks: string[] = [];
      for (const [name, times] of unknown) {
        const own = median(times);
        // Put with the known user whose median is nearer (2x apart).
        const like = Math.abs(Math.log(own / alice)) < Math.abs(Math.log(own / bob)) ? "alice" : "bob";
        times.forEach((t, i) => ratios[like].push(t / known[like][i]));
        looks.push(`${name}~${like}`);
        // One cost step above bob's would double his time.
        assert.ok(
          own < 1.5 * bob,
          `${name} is dearer than the dearest user: ${own.toFixed(1)} vs ${bob.toFixed(1)} ms`,
        );
      }
      const [ra, rb] = [median(ratios.alice), median(ratios.bob)];
      const pct = (r: number) => `${((r - 1) * 100).toFixed(1)}%`;
      verdict =
        `round ${round}, median CPU ms: alice (cost 10) ${alice.toFixed(1)}, bob (cost 11) ${
          bob.toFixed(1)
        }; ` +
        `median ratio unknown/alice ${pct(ra)}, unknown/bob ${pct(rb)}; ${looks.join(" ")}`;
      console.log(verdict);
      assert.ok(bob > 1.5 * alice, `bcrypt did not run: ${verdict}`);
      assert.ok(
        ratios.alice.length > 0,
        `no unknown name looks like alice: her existence shows (${verdict})`,
      );
      assert.ok(ratios.bob.length > 0, `no unknown name looks like bob: his existence shows (${verdict})`);
      if (Math.abs(ra - 1) <= 0.1 && Math.abs(rb - 1) <= 0.1) return;
    }
    assert.fail(`medians more than 10% apart in 3 rounds; last ${verdict}`);
  } finally {
    await app.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});
