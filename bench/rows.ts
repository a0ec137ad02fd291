/**
 * The benchmark's table: every measured figure as a row, with its ratio to bare Deno and its
 * target where it has one.
 * @module
 */
import type { BcryptAlone } from "./bcrypt_alone.ts";
import type { Runs } from "./rounds.ts";
import { atLeastRatio, atMost, median, type Row } from "./table.ts";
import type { WrkResult } from "./wrk.ts";

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
  login: WrkResult;
  mixGet: WrkResult;
  mixLogin: WrkResult;
  appIdle: number;
  appPeak: number;
  appStart: number;
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
  const { bareGet, login, mixGet } = f;
  return [
    { name: "bare Deno GET /", value: bareGet.rps, unit: "req/s", ratio: 1 },
    atLeastRatio("GET /", rps(runs.get), ratio(runs.get), "req/s", 0.75),
    atLeastRatio("GET /secure, one token reused", rps(runs.same), ratio(runs.same), "req/s", 0.6),
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
      ...atMost("GET /login median, one client (bcrypt cost 10)", login.p50Ms, "ms", 80),
      ratio: login.p50Ms / f.bcryptAlone.app,
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
    atMost("idle RSS", f.appIdle, "MiB", 56, f.bareIdle),
    atMost("peak RSS, whole run", f.appPeak, "MiB", 96, f.barePeak),
    atMost("start to first 200 on /readiness (warm cache, median)", f.appStart, "ms", 150, f.bareStart),
  ];
}
