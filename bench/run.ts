/**
 * `deno task bench [--record]`: the app against a bare `Deno.serve`, in one run, on loopback with
 * wrk. Prints a markdown table and writes the raw figures to bench/results/latest.json
 * (git-ignored); with `--record`, also writes the table into bench/README.md (committed).
 * @module
 */
import { cliArgs } from "../scripts/lib/app_process.ts";
import { bcryptAloneMs } from "./bcrypt_alone.ts";
import { type BenchArgs, parseBenchArgs, writeReport } from "./report.ts";
import { gitState, provenanceLine } from "./provenance.ts";
import { createHs256TokenService } from "../src/auth/hs256_tokens.ts";
import { memory } from "./procs.ts";
import { coldStartMs, launch, running, SECRET, startTraceSink, startupMs, stop } from "./services.ts";
import { loginRounds, readyPeer, rssOf } from "./peer.ts";
import { haveWrk } from "./wrk.ts";
import { startKeyBench } from "./keys.ts";
import { load } from "./load.ts";
import { runRounds, type Targets, warmUp } from "./rounds.ts";
import { bareGetOf, benchRows, type Figures } from "./rows.ts";
import { launchLean } from "./lean.ts";

const ROOT = new URL("../", import.meta.url);
const RESULTS = new URL("./results/", import.meta.url);
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? "5");
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? "50");
// Cycled in order, each token comes back only after 20,000 others: long after the cache's
// doorkeeper forgot it, so every lookup is a miss and nothing is admitted to the cache.
const DISTINCT_TOKENS = 20_000;
// Throughput is measured in rounds that alternate bare Deno and the app (bench/rounds.ts).
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? "5");
const ROUND_SECONDS = Number(Deno.env.get("BENCH_ROUND_SECONDS") ?? "2");

async function main(args: BenchArgs): Promise<void> {
  if (!(await haveWrk())) throw new Error("wrk is not installed (Debian: apt-get install -y wrk)");
  await Deno.mkdir(RESULTS, { recursive: true });
  const accessLog = new URL("access.log", RESULTS).pathname;
  await Deno.writeTextFile(accessLog, "");
  const tokenFile = new URL("tokens.txt", RESULTS).pathname;
  const tokens = createHs256TokenService({ secret: SECRET, cacheSize: 0 });
  const minted = Array.from(
    { length: DISTINCT_TOKENS },
    (_, i) => tokens.sign({ name: `user${i}`, email: `user${i}@example.com` }),
  );
  await Deno.writeTextFile(tokenFile, minted.join("\n") + "\n");
  const get = { seconds: SECONDS, connections: CONNECTIONS };
  const peer = args.peer ? await readyPeer(args.peer) : undefined;
  const peerIdle = peer ? rssOf(peer)?.rssMiB : undefined;

  const bareStart = await startupMs("bare", "/dev/null");
  const appStart = await startupMs("app", accessLog);
  const bareCold = await coldStartMs("bare", "/dev/null");
  const appCold = await coldStartMs("app", accessLog);
  const bare = await launch("bare", "/dev/null");
  const app = await launch("app", accessLog);
  const lean = await launchLean(new URL("lean.log", RESULTS).pathname, SECRET);
  running.add(lean);
  const sink = startTraceSink();
  const traced = await launch("app", "/dev/null", sink.env);
  const keyed = await startKeyBench(RESULTS, accessLog, DISTINCT_TOKENS);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bareIdle = memory(bare.pid).rssMiB;
  const appIdle = memory(app.pid).rssMiB;
  const targets: Targets = {
    bare,
    app,
    traced,
    keyed,
    bearer: { Authorization: `Bearer ${minted[0]}` },
    distinct: { script: new URL("./tokens.lua", import.meta.url).pathname, env: { TOKENS: tokenFile } },
    peer,
    lean,
  };
  await warmUp(targets, { seconds: 1, connections: CONNECTIONS });
  const runs = await runRounds(targets, ROUNDS, { seconds: ROUND_SECONDS, connections: CONNECTIONS });
  await stop(keyed.app);
  await stop(lean);
  const tracedPeak = memory(traced.pid).peakMiB;
  await stop(traced);
  const exportedMiB = sink.spansBytes() / 2 ** 20;
  await sink.close();
  const barePeak = memory(bare.pid).peakMiB;
  await stop(bare);
  const bareGet = bareGetOf(runs.bare);
  const bcryptAlone = await bcryptAloneMs(ROOT);
  const basic = { Authorization: `Basic ${btoa("user:password")}` };
  const login = await loginRounds(app, peer, ROUNDS, { seconds: ROUND_SECONDS, connections: 1 });
  const [mixGet, mixLogin] = await Promise.all([
    load("mix: GET /", `${app.url}/`, { ...get, seconds: 2 * SECONDS }, app),
    load("mix: GET /login, two clients", `${app.url}/login`, {
      seconds: 2 * SECONDS,
      connections: 2,
      headers: basic,
    }, app),
  ]);
  const appPeak = memory(app.pid).peakMiB;
  await stop(app);

  const raw: Figures = {
    bareGet,
    bareIdle,
    barePeak,
    bareStart,
    rounds: runs,
    bcryptAlone,
    login,
    mixGet,
    mixLogin,
    appIdle,
    appPeak,
    appStart,
    appCold,
    bareCold,
    peerIdle,
    peerPeak: peer ? rssOf(peer)?.peakMiB : undefined,
    tracedPeak,
    exportedMiB,
  };
  const rows = benchRows(raw, DISTINCT_TOKENS);
  // The start task's --allow-env list is 16 names long; the table says where it comes from instead.
  const shortEnvList = (arg: string) => arg.startsWith("--allow-env=") ? "--allow-env=..." : arg;
  const when = new Date().toISOString();
  const stamp = provenanceLine({
    ...await gitState(new URL("../", import.meta.url)),
    args: Deno.args,
    env: Deno.env.get,
  });
  const context =
    `${stamp}\n\nRun ${when} on ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}: ` +
    `wrk -t1 -c${CONNECTIONS} over loopback; throughput in ${ROUNDS} rounds of ${ROUND_SECONDS} s alternating ` +
    `bare Deno and the app (req/s and ratios: medians over the rounds, each ratio within its round); ` +
    `login in ${ROUNDS} rounds of ${ROUND_SECONDS} s (one client), mix ${2 * SECONDS} s; ` +
    (peer ? `${peer.name} (${peer.url}) in the same rounds, right after the app; ` : "") +
    `access log on (stdout to a file), app started as ` +
    `\`deno ${cliArgs(["monolith"]).map(shortEnvList).join(" ")}\` (the start task's permissions).`;
  await writeReport(rows, context, { when, seconds: SECONDS, connections: CONNECTIONS, rows, raw }, args);
  if (rows.some((row) => row.met === false)) console.error("\nsome targets were missed in this run");
}

let args: BenchArgs;
try {
  args = parseBenchArgs(Deno.args);
} catch (error) {
  console.error((error as Error).message);
  Deno.exit(2);
}
const stopAll = () => Promise.all([...running].map((process) => process.stop()));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => stopAll().finally(() => Deno.exit(130)));
}
try {
  await main(args);
} finally {
  await stopAll();
}
