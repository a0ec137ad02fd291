/**
 * `deno task bench`: the app against a bare `Deno.serve`, in one run, on loopback with wrk.
 * Prints a markdown table, writes it to bench/latest.md (committed: the latest table) and the raw
 * figures to bench/results/latest.json (git-ignored).
 * @module
 */
import { cliArgs } from "../tests/support/app_process.ts";
import { createTokenService } from "../src/tokens.ts";
import { freePort, memory, start, type Started } from "./procs.ts";
import { atLeastRatio, atMost, markdownTable, type Row } from "./table.ts";
import { haveWrk, wrk, type WrkOptions, type WrkResult } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url);
const RESULTS = new URL("./results/", import.meta.url);
const SECRET = "bench-secret-not-for-production";
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? "5");
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? "50");
const DISTINCT_TOKENS = 20_000; // twice the verifier cache: cycling through them, every lookup misses
const STARTS = 3;

const running = new Set<Started>();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function launch(kind: "app" | "bare", stdoutFile: string): Promise<Started & { url: string }> {
  const http = freePort();
  const health = kind === "app" ? freePort() : http;
  const args = kind === "app"
    ? cliArgs(["monolith", "-http", `127.0.0.1:${http}`, "-health", `127.0.0.1:${health}`, "-secret", SECRET])
    : ["run", "--allow-net", "--quiet", "bench/baseline.ts", String(http)];
  const readyUrl = `http://127.0.0.1:${health}${kind === "app" ? "/readiness" : "/"}`;
  const started = await start(args, { cwd: ROOT, stdoutFile, readyUrl });
  running.add(started);
  return { ...started, url: `http://127.0.0.1:${http}` };
}

async function stop(process: Started): Promise<void> {
  running.delete(process);
  await process.stop();
}

/** Median time to ready over a few fresh starts, after one warm-up start. */
async function startupMs(kind: "app" | "bare", stdoutFile: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= STARTS; i++) {
    const p = await launch(kind, stdoutFile);
    if (i > 0) times.push(p.readyMs);
    await stop(p);
  }
  return median(times);
}

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

async function main(): Promise<void> {
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
  const bare = await launch("bare", "/dev/null");
  watched = bare;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bareIdle = memory(bare.pid).rssMiB;
  await load("bare warm-up", `${bare.url}/`, warm);
  const bareGet = await load("bare GET /", `${bare.url}/`, get);
  const barePeak = memory(bare.pid).peakMiB;
  await stop(bare);

  const appStart = await startupMs("app", accessLog);
  const app = await launch("app", accessLog);
  watched = app;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const appIdle = memory(app.pid).rssMiB;
  await load("app warm-up", `${app.url}/`, warm);
  const appGet = await load("GET /", `${app.url}/`, get);
  const bearer = { Authorization: `Bearer ${minted[0]}` };
  await load("secure warm-up", `${app.url}/secure`, { ...warm, headers: bearer });
  const same = await load("GET /secure same token", `${app.url}/secure`, { ...get, headers: bearer });
  const distinct = await load("GET /secure distinct tokens", `${app.url}/secure`, {
    ...get,
    script: new URL("./tokens.lua", import.meta.url).pathname,
    env: { TOKENS: tokenFile },
  });
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
    atLeastRatio("GET /", appGet.rps, bareGet.rps, "req/s", 0.75),
    atLeastRatio("GET /secure, one token reused", same.rps, bareGet.rps, "req/s", 0.6),
    atLeastRatio(`GET /secure, ${DISTINCT_TOKENS} distinct tokens`, distinct.rps, bareGet.rps, "req/s", 0.3),
    atMost("GET /login median, one client (bcrypt cost 10)", login.p50Ms, "ms", 80),
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
  const table = markdownTable(rows);
  const when = new Date().toISOString();
  const context = `Run ${when} on ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}: ` +
    `wrk -t1 -c${CONNECTIONS} over loopback, ${SECONDS} s per scenario (mix ${2 * SECONDS} s), ` +
    `access log on (stdout to a file), app started as \`deno ${cliArgs(["monolith"]).join(" ")}\`.`;
  console.log(`${context}\n\n${table}`);
  const latest = new URL("./latest.md", import.meta.url);
  await Deno.writeTextFile(latest, `${context}\n\n${table}\n`);
  // Committed, so formatted the way `deno task check` wants it.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", latest.pathname] }).output();
  const raw = {
    bareGet,
    bareIdle,
    barePeak,
    bareStart,
    appGet,
    same,
    distinct,
    login,
    mixGet,
    mixLogin,
    appIdle,
    appPeak,
    appStart,
  };
  await Deno.writeTextFile(
    new URL("latest.json", RESULTS),
    JSON.stringify({ when, seconds: SECONDS, connections: CONNECTIONS, rows, raw }, null, 2) + "\n",
  );
  if (rows.some((row) => row.met === false)) console.error("\nsome targets were missed in this run");
}

const stopAll = () => Promise.all([...running].map((process) => process.stop()));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => stopAll().finally(() => Deno.exit(130)));
}
try {
  await main();
} finally {
  await stopAll();
}
