/**
 * `deno task bench [--record]`: the app against a bare `Deno.serve`, in one run, on loopback with
 * wrk. Prints a markdown table and writes the raw figures to bench/results/latest.json
 * (git-ignored); with `--record`, also writes the table into bench/README.md (committed).
 * @module
 */
import { cliArgs } from "../tests/support/app_process.ts";
import { bcryptAloneMs } from "./bcrypt_alone.ts";
import { type BenchArgs, parseBenchArgs, writeReport } from "./report.ts";
import { createTokenService } from "../src/auth/tokens.ts";
import { memory, type Started } from "./procs.ts";
import { launch, running, SECRET, startTraceSink, startupMs, stop } from "./services.ts";
import { atLeastRatio, atMost, median, type Row } from "./table.ts";
import { haveWrk, wrk, type WrkOptions, type WrkResult } from "./wrk.ts";
import { startKeyBench } from "./keys.ts";

const ROOT = new URL("../", import.meta.url);
const RESULTS = new URL("./results/", import.meta.url);
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? "5");
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? "50");
// Cycled in order, each token comes back only after 20,000 others: long after the cache's
// doorkeeper forgot it, so every lookup is a miss and nothing is admitted to the cache.
const DISTINCT_TOKENS = 20_000;
// Throughput is measured in rounds that alternate bare Deno and the app, each ratio taken within
// one round: a shared machine's speed drifts by tens of percent over a minute, far less in seconds.
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? "5");
const ROUND_SECONDS = Number(Deno.env.get("BENCH_ROUND_SECONDS") ?? "2");

/** The process whose memory is logged after each scenario. */
let watched: Started | undefined;

async function load(name: string, url: string, options: WrkOptions): Promise<WrkResult> {
  const result = await wrk(url, options);
  const mem = watched ? memory(watched.pid) : undefined;
  const rss = mem ? `, RSS ${mem.rssMiB.toFixed(1)} MiB (peak ${mem.peakMiB.toFixed(1)})` : "";
  if (result.non2xx > 0 || result.socketErrors > 0 || result.requests === 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.socketErrors} socket errors`);
  }
  console.error(
    `${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${rss}`,
  );
  return result;
}

async function main(args: BenchArgs): Promise<void> {
  if (!(await haveWrk())) throw new Error("wrk is not installed (Debian: apt-get install -y wrk)");
  await Deno.mkdir(RESULTS, { recursive: true });
  const accessLog = new URL("access.log", RESULTS).pathname;
  await Deno.writeTextFile(accessLog, "");
  const tokenFile = new URL("tokens.txt", RESULTS).pathname;
  const tokens = createTokenService({ secret: SECRET, cacheSize: 0 });
  const minted = Array.from(
    { length: DISTINCT_TOKENS },
    (_, i) => tokens.sign({ name: `user${i}`, email: `user${i}@example.com` }),
  );
  await Deno.writeTextFile(tokenFile, minted.join("\n") + "\n");
  const get = { seconds: SECONDS, connections: CONNECTIONS };
  const warm = { seconds: 1, connections: CONNECTIONS };

  const bareStart = await startupMs("bare", "/dev/null");
  const appStart = await startupMs("app", accessLog);
  const bare = await launch("bare", "/dev/null");
  const app = await launch("app", accessLog);
  const sink = startTraceSink();
  const traced = await launch("app", "/dev/null", sink.env);
  const keyed = await startKeyBench(RESULTS, accessLog, DISTINCT_TOKENS);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bareIdle = memory(bare.pid).rssMiB;
  const appIdle = memory(app.pid).rssMiB;
  const bearer = { Authorization: `Bearer ${minted[0]}` };
  const distinctLoad = {
    script: new URL("./tokens.lua", import.meta.url).pathname,
    env: { TOKENS: tokenFile },
  };
  watched = bare;
  await load("bare warm-up", `${bare.url}/`, warm);
  watched = app;
  await load("app warm-up", `${app.url}/`, warm);
  await load("secure warm-up", `${app.url}/secure`, { ...warm, headers: bearer });
  watched = traced;
  await load("traced warm-up", `${traced.url}/`, warm);

  await load("EdDSA secure warm-up", `${keyed.app.url}/secure`, { ...warm, headers: keyed.bearer });

  const round = { seconds: ROUND_SECONDS, connections: CONNECTIONS };
  const scenarios = ["bare", "get", "same", "distinct", "traced", "keySame", "keyDistinct"] as const;
  const runs = Object.fromEntries(scenarios.map((name) => [name, [] as WrkResult[]])) as Record<
    (typeof scenarios)[number],
    WrkResult[]
  >;
  for (let r = 1; r <= ROUNDS; r++) {
    watched = bare;
    runs.bare.push(await load(`round ${r}: bare GET /`, `${bare.url}/`, round));
    watched = app;
    runs.get.push(await load(`round ${r}: GET /`, `${app.url}/`, round));
    runs.same.push(
      await load(`round ${r}: GET /secure same token`, `${app.url}/secure`, { ...round, headers: bearer }),
    );
    runs.distinct.push(
      await load(`round ${r}: GET /secure distinct tokens`, `${app.url}/secure`, {
        ...round,
        ...distinctLoad,
      }),
    );
    watched = traced;
    runs.traced.push(await load(`round ${r}: GET /, tracing on`, `${traced.url}/`, round));
    const keyedUrl = `${keyed.app.url}/secure`;
    runs.keySame.push(
      await load(`round ${r}: EdDSA same token`, keyedUrl, { ...round, headers: keyed.bearer }),
    );
    runs.keyDistinct.push(
      await load(`round ${r}: EdDSA distinct tokens`, keyedUrl, { ...round, ...keyed.distinct }),
    );
  }
  await stop(keyed.app);
  const tracedPeak = memory(traced.pid).peakMiB;
  await stop(traced);
  watched = app;
  const exportedMiB = sink.spansBytes() / 2 ** 20;
  await sink.close();
  const barePeak = memory(bare.pid).peakMiB;
  await stop(bare);
  const rps = (results: WrkResult[]) => median(results.map((result) => result.rps));
  const ratio = (results: WrkResult[]) => median(results.map((result, i) => result.rps / runs.bare[i].rps));
  /** A throughput row: median req/s over the rounds, and its median ratio to bare Deno's. */
  const throughput = (name: string, results: WrkResult[]): Row => ({
    name,
    value: rps(results),
    unit: "req/s",
    ratio: ratio(results),
  });
  const bareGet = {
    rps: rps(runs.bare),
    p50Ms: median(runs.bare.map((r) => r.p50Ms)),
    p99Ms: median(runs.bare.map((r) => r.p99Ms)),
  };
  const bcryptAlone = await bcryptAloneMs(ROOT);
  const basic = { Authorization: `Basic ${btoa("user:password")}` };
  const login = await load("GET /login, one client", `${app.url}/login`, {
    seconds: SECONDS,
    connections: 1,
    headers: basic,
  });
  const [mixGet, mixLogin] = await Promise.all([
    load("mix: GET /", `${app.url}/`, { ...get, seconds: 2 * SECONDS }),
    load("mix: GET /login, two clients", `${app.url}/login`, {
      seconds: 2 * SECONDS,
      connections: 2,
      headers: basic,
    }),
  ]);
  const appPeak = memory(app.pid).peakMiB;
  await stop(app);

  const rows: Row[] = [
    { name: "bare Deno GET /", value: bareGet.rps, unit: "req/s", ratio: 1 },
    atLeastRatio("GET /", rps(runs.get), ratio(runs.get), "req/s", 0.75),
    atLeastRatio("GET /secure, one token reused", rps(runs.same), ratio(runs.same), "req/s", 0.6),
    atLeastRatio(
      `GET /secure, ${DISTINCT_TOKENS} distinct tokens`,
      rps(runs.distinct),
      ratio(runs.distinct),
      "req/s",
      0.3,
    ),
    throughput("GET /, tracing on (OTEL_DENO=true, spans to a local OTLP receiver)", runs.traced),
    { name: "peak RSS, tracing on, whole run", value: tracedPeak, unit: "MiB", ratio: tracedPeak / barePeak },
    throughput("GET /secure, EdDSA token reused", runs.keySame),
    throughput(`GET /secure, ${DISTINCT_TOKENS} distinct EdDSA tokens`, runs.keyDistinct),
    {
      name: "bcryptjs compare alone, same machine, same minute (cost 10)",
      value: bcryptAlone,
      unit: "ms",
    },
    {
      ...atMost("GET /login median, one client (bcrypt cost 10)", login.p50Ms, "ms", 80),
      ratio: login.p50Ms / bcryptAlone,
    },
    {
      name: "mix: GET / p50, two clients logging in",
      value: mixGet.p50Ms,
      unit: "ms",
      ratio: mixGet.p50Ms / bareGet.p50Ms,
    },
    atMost("mix: GET / p99, two clients logging in", mixGet.p99Ms, "ms", 25, bareGet.p99Ms),
    { name: "mix: GET / throughput", value: mixGet.rps, unit: "req/s", ratio: mixGet.rps / bareGet.rps },
    { name: "mix: logins", value: mixLogin.rps, unit: "logins/s" },
    atMost("idle RSS", appIdle, "MiB", 56, bareIdle),
    atMost("peak RSS, whole run", appPeak, "MiB", 96, barePeak),
    atMost("start to first 200 on /readiness (warm cache, median)", appStart, "ms", 150, bareStart),
  ];
  // The start task's --allow-env list is 16 names long; the table says where it comes from instead.
  const shortEnvList = (arg: string) => arg.startsWith("--allow-env=") ? "--allow-env=..." : arg;
  const when = new Date().toISOString();
  const context = `Run ${when} on ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}: ` +
    `wrk -t1 -c${CONNECTIONS} over loopback; throughput in ${ROUNDS} rounds of ${ROUND_SECONDS} s alternating ` +
    `bare Deno and the app (req/s and ratios: medians over the rounds, each ratio within its round); ` +
    `login ${SECONDS} s, mix ${2 * SECONDS} s; access log on (stdout to a file), app started as ` +
    `\`deno ${cliArgs(["monolith"]).map(shortEnvList).join(" ")}\` (the start task's permissions).`;
  const raw = {
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
    tracedPeak,
    exportedMiB,
  };
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
