/**
 * `deno run -A bench/versus_lean.ts [--peer URL] [COMMIT|DIR ...]`: the app of this tree against the
 * lean reference (bench/lean_reference.ts) and bare Deno, and beside them the app of each COMMIT
 * (exported with `git archive`) or directory, and a running peer (the Go original), on `GET /` and
 * `GET /secure` with one token. wrk rounds of 2 s visit every server in turn (the order reversed
 * every other round); each ratio is taken within its round, and the server CPU time per request is
 * read from /proc. The quick way to see where the app stands against the lean reference, and what
 * one change (a layer removed, a cut) does to that. Used for docs/decisions/observability-cost.md.
 * @module
 */
import { cliArgs } from "../scripts/lib/app_process.ts";
import { freePort } from "../scripts/lib/process.ts";
import { createHs256TokenService } from "../src/auth/hs256_tokens.ts";
import { launchLean } from "./lean.ts";
import { readyPeer } from "./peer.ts";
import { start, type Started } from "./procs.ts";
import { launch, SECRET } from "./services.ts";
import { median } from "./table.ts";
import { wrk } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url);
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? "6");
const ROUND_SECONDS = Number(Deno.env.get("BENCH_ROUND_SECONDS") ?? "2");
const PATHS = ["/", "/secure"] as const;

/** A server in the comparison: where it answers, the token its `/secure` takes, its pid if ours. */
interface Side {
  url: string;
  bearer: Record<string, string>;
  pid?: number;
  stop?: () => Promise<void>;
}

/** User plus system CPU time of a process, in microseconds (Linux clock ticks at 100 Hz). */
function cpuUs(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The app of `cwd` (a checkout), started as `deno task start` runs it. */
async function appAt(cwd: URL, stdoutFile: string): Promise<Started & { url: string }> {
  const http = freePort();
  const health = freePort();
  const args = cliArgs(["monolith", "-http", `127.0.0.1:${http}`, "-health", `127.0.0.1:${health}`]);
  args.push("-secret", SECRET);
  const started = await start(args, {
    cwd,
    stdoutFile,
    readyUrl: `http://127.0.0.1:${health}/readiness`,
  });
  return { ...started, url: `http://127.0.0.1:${http}` };
}

/** A directory with `ref`'s tree: `ref` itself if it is a directory, else a `git archive` of it. */
async function treeOf(ref: string, temps: string[]): Promise<URL> {
  try {
    if ((await Deno.stat(ref)).isDirectory) return new URL(`file://${await Deno.realPath(ref)}/`);
  } catch { /* not a directory: a commit */ }
  const dir = await Deno.makeTempDir({ prefix: "versus-lean-" });
  temps.push(dir);
  const archive = new Deno.Command("sh", {
    args: ["-c", `git archive "$0" | tar -x -C "$1"`, ref, dir],
    cwd: ROOT,
  });
  if (!(await archive.output()).success) throw new Error(`cannot export ${ref}`);
  return new URL(`file://${dir}/`);
}

const args = Deno.args.filter((_, i, all) => all[i] !== "--peer" && all[i - 1] !== "--peer");
const peerUrl = Deno.args[Deno.args.indexOf("--peer") + 1];
const bearer = {
  Authorization: `Bearer ${
    createHs256TokenService({ secret: SECRET }).sign({ name: "u", email: "u@example.com" })
  }`,
};
const sides = new Map<string, Side>();
const temps: string[] = [];
try {
  const logFile = await Deno.makeTempFile({ prefix: "versus-lean-log-" });
  temps.push(logFile);
  const own = (s: Started & { url: string }): Side => ({ url: s.url, bearer, pid: s.pid, stop: s.stop });
  sides.set("ours", own(await launch("app", logFile)));
  sides.set("lean", own(await launchLean(logFile, SECRET)));
  sides.set("bare", own(await launch("bare", "/dev/null")));
  for (const ref of args) sides.set(ref, own(await appAt(await treeOf(ref, temps), logFile)));
  if (Deno.args.includes("--peer")) {
    const peer = await readyPeer({ url: peerUrl, name: "peer" });
    sides.set("peer", { url: peer.url, bearer: peer.bearer });
  }
  const names = [...sides.keys()];
  for (const side of sides.values()) await wrk(`${side.url}/`, { seconds: 1, connections: 50 });
  const rps: Record<string, number[]> = {};
  const cpu: Record<string, { us: number; requests: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of PATHS) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const side = sides.get(name)!;
        const before = side.pid === undefined ? 0 : cpuUs(side.pid);
        const headers = path === "/secure" ? side.bearer : {};
        const result = await wrk(`${side.url}${path}`, { seconds: ROUND_SECONDS, connections: 50, headers });
        if (result.non2xx > 0 || result.socketErrors > 0) throw new Error(`${name} ${path}: errors`);
        const key = `${name} ${path}`;
        (rps[key] ??= []).push(result.rps);
        cpu[key] ??= { us: 0, requests: 0 };
        if (side.pid !== undefined) cpu[key].us += cpuUs(side.pid) - before;
        cpu[key].requests += result.requests;
      }
    }
  }
  const within = (a: string, b: string) => median(rps[a].map((value, i) => value / rps[b][i]));
  console.log(`${ROUNDS} rounds of ${ROUND_SECONDS} s, wrk -t1 -c50; ratios: medians of per-round ratios`);
  console.log(
    "| server | path | req/s | vs lean | vs bare | CPU per request |\n|---|---|---:|---:|---:|---:|",
  );
  for (const path of PATHS) {
    for (const name of names) {
      const key = `${name} ${path}`;
      const perRequest = cpu[key].us === 0 ? "" : `${(cpu[key].us / cpu[key].requests).toFixed(1)} us`;
      console.log(
        `| ${name} | ${path} | ${median(rps[key]).toFixed(0)} | ${
          within(key, `lean ${path}`).toFixed(3)
        }x | ` +
          `${within(key, `bare ${path}`).toFixed(3)}x | ${perRequest} |`,
      );
    }
  }
} finally {
  await Promise.all([...sides.values()].map((side) => side.stop?.()));
  for (const temp of temps) await Deno.remove(temp, { recursive: true });
}
