/**
 * `deno run -A bench/ab_commit.ts [COMMIT]`: this working tree's app against COMMIT's (default
 * HEAD~1), side by side in one run: wrk rounds alternating the two on GET / and GET /secure, and
 * the server CPU time per request read from /proc (much less sensitive to a busy machine than
 * req/s). COMMIT is exported with `git archive` to a temporary directory. Used for
 * docs/decisions/observability-cost.md.
 * @module
 */
import { cliArgs } from "../scripts/lib/app_process.ts";
import { createHs256TokenService } from "../src/auth/hs256_tokens.ts";
import { memory, start, type Started } from "./procs.ts";
import { freePort } from "../scripts/lib/process.ts";
import { median } from "./table.ts";
import { wrk } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url);
const commit = Deno.args[0] ?? "HEAD~1";
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? "6");
const SECRET = "ab-commit-secret";
const token = createHs256TokenService({ secret: SECRET }).sign({ name: "u", email: "u@example.com" });

/** User plus system CPU time of a process, in microseconds (Linux clock ticks at 100 Hz). */
function cpuUs(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const dir = await Deno.makeTempDir({ prefix: "ab-commit-" });
const apps: Record<string, Started & { url: string }> = {};
try {
  const archive = new Deno.Command("sh", {
    args: ["-c", `git archive "$0" | tar -x -C "$1"`, commit, dir],
    cwd: ROOT,
  });
  if (!(await archive.output()).success) throw new Error(`cannot export ${commit}`);
  const sides = { [commit]: new URL(`file://${dir}/`), "this tree": ROOT };
  for (const [name, cwd] of Object.entries(sides)) {
    const http = freePort();
    const health = freePort();
    const args = cliArgs(["monolith", "-http", `127.0.0.1:${http}`, "-health", `127.0.0.1:${health}`]);
    args.push("-secret", SECRET);
    const readyUrl = `http://127.0.0.1:${health}/readiness`;
    apps[name] = {
      ...await start(args, { cwd, stdoutFile: "/dev/null", readyUrl }),
      url: `http://127.0.0.1:${http}`,
    };
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idle = Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, memory(app.pid).rssMiB]));
  for (const app of Object.values(apps)) await wrk(`${app.url}/`, { seconds: 1, connections: 50 });
  const rps: Record<string, number[]> = {};
  const cpu: Record<string, { us: number; requests: number }> = {};
  const names = Object.keys(apps);
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of ["/", "/secure"]) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const before = cpuUs(apps[name].pid);
        const headers: Record<string, string> = path === "/secure"
          ? { Authorization: `Bearer ${token}` }
          : {};
        const result = await wrk(`${apps[name].url}${path}`, { seconds: 2, connections: 50, headers });
        const key = `${name} ${path}`;
        (rps[key] ??= []).push(result.rps);
        cpu[key] ??= { us: 0, requests: 0 };
        cpu[key].us += cpuUs(apps[name].pid) - before;
        cpu[key].requests += result.requests;
      }
    }
  }
  for (const path of ["/", "/secure"]) {
    const [a, b] = names.map((name) => `${name} ${path}`);
    const ratios = rps[b].map((value, i) => value / rps[a][i]);
    console.log(
      `GET ${path}: ${commit} ${median(rps[a]).toFixed(0)} req/s, this tree ${
        median(rps[b]).toFixed(0)
      } req/s, ` +
        `ratio ${median(ratios).toFixed(3)} (rounds ${
          ratios.map((r) => r.toFixed(2)).join(" ")
        }); CPU per request ` +
        `${(cpu[a].us / cpu[a].requests).toFixed(1)} us vs ${(cpu[b].us / cpu[b].requests).toFixed(1)} us`,
    );
  }
  console.log(`idle RSS: ${names.map((name) => `${name} ${idle[name].toFixed(1)} MiB`).join(", ")}`);
} finally {
  await Promise.all(Object.values(apps).map((app) => app.stop()));
  await Deno.remove(dir, { recursive: true });
}
