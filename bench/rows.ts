/**
 * The benchmark's table: every measured figure as a row, with its ratio to bare Deno and its
 * target where it has one.
 * @module
 */
import type { BcryptAlone } from "./bcrypt_alone.ts";
import type { LoginRuns } from "./peer.ts";
import type { Runs } from "./rounds.ts";
import { atLeastRatio, atMost, median, type Row } from "./table.ts";
import type { WrkResult } from "./wrk.ts";
import { leanRows } from "./lean.ts";

/** Bare Deno's `GET /`: medians over the rounds. */
export interface BareGet {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Everything one run measured: the raw figures written to bench/results/latest.json. */
export interface Figures {
  bareGet: BareGet;
  bareIdle: number;
  barePeak: number;
  bareStart: number;
  rounds: Runs;
  bcryptAlone: BcryptAlone;
  /** The login rounds: the app's, and the peer's when there is one. */
  login: LoginRuns;
  mixGet: WrkResult;
  mixLogin: WrkResult;
  appIdle: number;
  appPeak: number;
  appStart: number;
  appCold: number;
  bareCold: number;
  /** The peer's memory, when its pid was given. */
  peerIdle?: number;
  peerPeak?: number;
  tracedPeak: number;
  exportedMiB: number;
}

const rps = (results: WrkResult[]) => median(results.map((result) => result.rps));

/** Bare Deno's req/s, p50 and p99 over its rounds. */
export function bareGetOf(bare: WrkResult[]): BareGet {
  return {
    rps: rps(bare),
    p50Ms: median(bare.map((r) => r.p50Ms)),
    p99Ms: median(bare.map((r) => r.p99Ms)),
  };
}

/** The table's rows, in order; `distinctTokens` is how many tokens the distinct-token rows cycled. */
export function benchRows(f: Figures, distinctTokens: number): Row[] {
  const runs = f.rounds;
  const ratio = (results: WrkResult[]) => median(results.map((result, i) => result.rps / runs.bare[i].rps));
  /** A throughput row: median req/s over the rounds, and its median ratio to bare Deno's. */
  const throughput = (name: string, results: WrkResult[]): Row => ({
    name,
    value: rps(results),
    unit: "req/s",
    ratio: ratio(results),
  });
  const { bareGet, mixGet } = f;
  const within = (app: WrkResult[], peer: WrkResult[], of: (r: WrkResult) => number) =>
    peer.length === 0 ? {} : {
      peer: median(peer.map(of)),
      peerRatio: median(peer.map((result, i) => of(app[i]) / of(result))),
    };
  const loginP50 = median(f.login.app.map((result) => result.p50Ms));
  const versus = (value?: number, app?: number) =>
    value === undefined || app === undefined ? {} : { peer: value, peerRatio: app / value };
  const rows: Row[] = [
    { name: "bare Deno GET /", value: bareGet.rps, unit: "req/s", ratio: 1 },
    {
      ...atLeastRatio("GET /", rps(runs.get), ratio(runs.get), "req/s", 0.75),
      ...within(runs.get, runs.peerGet, (r) => r.rps),
    },
    {
      ...atLeastRatio("GET /secure, one token reused", rps(runs.same), ratio(runs.same), "req/s", 0.6),
      ...within(runs.same, runs.peerSame, (r) => r.rps),
    },
    ...leanRows(runs),
    atLeastRatio(
      `GET /secure, ${distinctTokens} distinct tokens`,
      rps(runs.distinct),
      ratio(runs.distinct),
      "req/s",
      0.3,
    ),
    throughput("GET /, tracing on (OTEL_DENO=true, spans to a local OTLP receiver)", runs.traced),
    {
      name: "peak RSS, tracing on, whole run",
      value: f.tracedPeak,
      unit: "MiB",
      ratio: f.tracedPeak / f.barePeak,
    },
    throughput("GET /secure, EdDSA token reused", runs.keySame),
    throughput(`GET /secure, ${distinctTokens} distinct EdDSA tokens`, runs.keyDistinct),
    {
      name: "bcrypt compare alone (hash-wasm, the app's), same minute (cost 10)",
      value: f.bcryptAlone.app,
      unit: "ms",
    },
    { name: "bcryptjs compare alone, same minute (cost 10)", value: f.bcryptAlone.bcryptjs, unit: "ms" },
    {
      ...atMost(
        "GET /login median, one client (bcrypt cost 10)",
        loginP50,
        "ms",
        80,
      ),
      ratio: loginP50 / f.bcryptAlone.app,
      ...within(f.login.app, f.login.peer, (r) => r.p50Ms),
    },
    {
      name: "CPU per login, all threads (user + system)",
      value: f.login.cpuApp,
      unit: "ms",
      ...versus(f.login.cpuPeer, f.login.cpuApp),
    },
    {
      name: "first GET /login after start (starts the bcrypt worker)",
      value: f.login.firstApp,
      unit: "ms",
      ...versus(f.login.firstPeer, f.login.firstApp),
    },
    {
      name: "mix: GET / p50, two clients logging in",
      value: mixGet.p50Ms,
      unit: "ms",
      ratio: mixGet.p50Ms / bareGet.p50Ms,
    },
    atMost("mix: GET / p99, two clients logging in", mixGet.p99Ms, "ms", 25, bareGet.p99Ms),
    { name: "mix: GET / throughput", value: mixGet.rps, unit: "req/s", ratio: mixGet.rps / bareGet.rps },
    { name: "mix: logins", value: f.mixLogin.rps, unit: "logins/s" },
    { ...atMost("idle RSS", f.appIdle, "MiB", 42, f.bareIdle), ...versus(f.peerIdle, f.appIdle) },
    {
      ...atMost("peak RSS, whole run", f.appPeak, "MiB", 80, f.barePeak),
      ...versus(f.peerPeak, f.appPeak),
    },
    atMost("start to first 200 on /readiness (warm cache, median)", f.appStart, "ms", 150, f.bareStart),
    {
      name: "start to first 200 on /readiness, empty code cache (fresh DENO_DIR, median)",
      value: f.appCold,
      unit: "ms",
      ratio: f.appCold / f.bareCold,
    },
  ];
  return rows;
}
