/**
 * The throughput scenarios: a warm-up of each server, then rounds that alternate bare Deno and the
 * app, so that each ratio is taken within one round (a shared machine's speed drifts by tens of
 * percent over a minute, far less in seconds).
 * @module
 */
import type { KeyBench } from "./keys.ts";
import type { ReadyPeer } from "./peer.ts";
import { load } from "./load.ts";
import type { Started } from "./procs.ts";
import type { WrkOptions, WrkResult } from "./wrk.ts";

/** The throughput scenarios, in the order each round runs them. */
export const SCENARIOS = [
  "bare",
  "get",
  "same",
  "distinct",
  "traced",
  "keySame",
  "keyDistinct",
  "peerGet",
  "peerSame",
  "leanGet",
  "leanSame",
] as const;

/** Each scenario's results, one a round. */
export type Runs = Record<(typeof SCENARIOS)[number], WrkResult[]>;

/** The servers under load and the requests that reach their secured route. */
export interface Targets {
  bare: Started & { url: string };
  app: Started & { url: string };
  /** The app exporting every span. */
  traced: Started & { url: string };
  keyed: KeyBench;
  /** Headers with one HS256 token, reused. */
  bearer: Record<string, string>;
  /** The wrk script and environment that cycle distinct HS256 tokens. */
  distinct: { script: string; env: Record<string, string> };
  /** A server given with `--peer`, loaded right after the app in each round. */
  peer?: ReadyPeer;
  /** The lean reference (bench/lean_reference.ts), loaded right after the app in each round. */
  lean: Started & { url: string };
}

/** Loads each scenario's server once for `warm`, logging that server's memory. */
export async function warmUp(t: Targets, warm: WrkOptions): Promise<void> {
  await load("bare warm-up", `${t.bare.url}/`, warm, t.bare);
  await load("app warm-up", `${t.app.url}/`, warm, t.app);
  await load("lean reference warm-up", `${t.lean.url}/`, warm, t.lean);
  if (t.peer) await load(`${t.peer.name} warm-up`, `${t.peer.url}/`, warm);
  await load("secure warm-up", `${t.app.url}/secure`, { ...warm, headers: t.bearer }, t.app);
  await load("traced warm-up", `${t.traced.url}/`, warm, t.traced);
  await load(
    "EdDSA secure warm-up",
    `${t.keyed.app.url}/secure`,
    { ...warm, headers: t.keyed.bearer },
    t.keyed.app,
  );
}

/** Runs every scenario `count` times, each for `round`, in alternating rounds. */
export async function runRounds(t: Targets, count: number, round: WrkOptions): Promise<Runs> {
  const runs = Object.fromEntries(SCENARIOS.map((name) => [name, [] as WrkResult[]])) as Runs;
  for (let r = 1; r <= count; r++) {
    runs.bare.push(await load(`round ${r}: bare GET /`, `${t.bare.url}/`, round, t.bare));
    runs.get.push(await load(`round ${r}: GET /`, `${t.app.url}/`, round, t.app));
    runs.leanGet.push(await load(`round ${r}: lean reference GET /`, `${t.lean.url}/`, round, t.lean));
    if (t.peer) runs.peerGet.push(await load(`round ${r}: ${t.peer.name} GET /`, `${t.peer.url}/`, round));
    runs.same.push(
      await load(`round ${r}: GET /secure same token`, `${t.app.url}/secure`, {
        ...round,
        headers: t.bearer,
      }, t.app),
    );
    const leanSecure = { ...round, headers: t.bearer };
    runs.leanSame.push(
      await load(`round ${r}: lean reference GET /secure`, `${t.lean.url}/secure`, leanSecure, t.lean),
    );
    if (t.peer) {
      const options = { ...round, headers: t.peer.bearer };
      runs.peerSame.push(
        await load(`round ${r}: ${t.peer.name} GET /secure`, `${t.peer.url}/secure`, options),
      );
    }
    runs.distinct.push(
      await load(`round ${r}: GET /secure distinct tokens`, `${t.app.url}/secure`, {
        ...round,
        ...t.distinct,
      }, t.app),
    );
    runs.traced.push(await load(`round ${r}: GET /, tracing on`, `${t.traced.url}/`, round, t.traced));
    const keyedUrl = `${t.keyed.app.url}/secure`;
    runs.keySame.push(
      await load(
        `round ${r}: EdDSA same token`,
        keyedUrl,
        { ...round, headers: t.keyed.bearer },
        t.keyed.app,
      ),
    );
    runs.keyDistinct.push(
      await load(
        `round ${r}: EdDSA distinct tokens`,
        keyedUrl,
        { ...round, ...t.keyed.distinct },
        t.keyed.app,
      ),
    );
  }
  return runs;
}
