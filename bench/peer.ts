/**
 * A peer beside the app: any running server that speaks the course's API (the Go original, or
 * another build of ours), given by URL. The benchmark loads it in the same alternating rounds as
 * the app and reports the app's figures as ratios to the peer's.
 * @module
 */
import { load } from "./load.ts";
import { cpuMs, memory, type Started } from "./procs.ts";
import type { WrkOptions, WrkResult } from "./wrk.ts";

/** A peer as given on the command line. */
export interface Peer {
  url: string;
  name: string;
  /** Its process id, when given, for its RSS. */
  pid?: number;
}

/** A peer checked and ready for the rounds: the headers that reach its `/secure`. */
export interface ReadyPeer extends Peer {
  bearer: Record<string, string>;
}

/** The course's user, as `GET /login` expects it. */
export const BASIC = { Authorization: `Basic ${btoa("user:password")}` };

/**
 * Checks that `peer` answers `GET /` and a login as the course's API does, and gets a token from
 * it for `/secure` (a peer signs with its own secret); throws a one-line error otherwise.
 */
export async function readyPeer(peer: Peer): Promise<ReadyPeer> {
  const fail = (what: string) => new Error(`peer ${peer.name} (${peer.url}): ${what}`);
  const get = async (path: string, headers: Record<string, string> = {}) => {
    try {
      return await fetch(`${peer.url}${path}`, { headers, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw fail(`GET ${path} failed (${(error as Error).message})`);
    }
  };
  const hello = await get("/");
  await hello.body?.cancel();
  if (hello.status !== 200) throw fail(`GET / answered ${hello.status}, not 200`);
  const login = await get("/login", BASIC);
  const body = await login.text();
  const token = login.status === 200 ? (JSON.parse(body) as { token?: unknown }).token : undefined;
  if (typeof token !== "string") throw fail(`GET /login as user:password answered ${login.status}`);
  const bearer = { Authorization: `Bearer ${token}` };
  const secure = await get("/secure", bearer);
  await secure.body?.cancel();
  if (secure.status !== 200) throw fail(`GET /secure with its own token answered ${secure.status}`);
  if (peer.pid !== undefined && !rssOf(peer)) throw fail(`no process ${peer.pid} to read RSS from`);
  return { ...peer, bearer };
}

/** The peer's VmRSS and VmHWM in MiB, when its pid was given and it still runs. */
export function rssOf(peer: Peer): { rssMiB: number; peakMiB: number } | undefined {
  if (peer.pid === undefined) return undefined;
  try {
    return memory(peer.pid);
  } catch {
    return undefined;
  }
}

/** The login scenario's results: the app's and the peer's, one each a round. */
export interface LoginRuns {
  app: WrkResult[];
  peer: WrkResult[];
  /** Milliseconds of each one's first login since it started (the app's starts its bcrypt worker). */
  firstApp: number;
  firstPeer?: number;
  /**
   * Milliseconds of CPU per login (every thread of the process, over all rounds): a loaded
   * machine stretches it far less than the latency. The peer's only when its pid was given.
   */
  cpuApp: number;
  cpuPeer?: number;
}

async function timedLogin(url: string): Promise<number> {
  const began = performance.now();
  const response = await fetch(`${url}/login`, { headers: BASIC });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`${url}/login answered ${response.status}`);
  return performance.now() - began;
}

/**
 * One client logging in, in `count` rounds that alternate the app and (if any) the peer, after one
 * timed first login on each (the app must not have had a login before).
 */
export async function loginRounds(
  app: Started & { url: string },
  peer: ReadyPeer | undefined,
  count: number,
  round: WrkOptions,
): Promise<LoginRuns> {
  const runs: LoginRuns = {
    app: [],
    peer: [],
    firstApp: await timedLogin(app.url),
    firstPeer: peer ? await timedLogin(peer.url) : undefined,
    cpuApp: NaN,
  };
  const options = { ...round, connections: 1, headers: BASIC };
  const cpu = { app: 0, peer: 0 };
  /** Runs one round's load, adding the CPU `pid` used in it to `cpu[who]`. */
  const timed = async (who: "app" | "peer", pid: number | undefined, run: () => Promise<WrkResult>) => {
    const before = pid === undefined ? 0 : cpuMs(pid);
    const result = await run();
    if (pid !== undefined) cpu[who] += cpuMs(pid) - before;
    return result;
  };
  for (let r = 1; r <= count; r++) {
    runs.app.push(
      await timed(
        "app",
        app.pid,
        () => load(`round ${r}: GET /login, one client`, `${app.url}/login`, options, app),
      ),
    );
    if (!peer) continue;
    runs.peer.push(
      await timed(
        "peer",
        peer.pid,
        () => load(`round ${r}: ${peer.name} GET /login`, `${peer.url}/login`, options),
      ),
    );
  }
  const logins = (results: WrkResult[]) => results.reduce((sum, result) => sum + result.requests, 0);
  runs.cpuApp = cpu.app / logins(runs.app);
  if (peer?.pid !== undefined) runs.cpuPeer = cpu.peer / logins(runs.peer);
  return runs;
}
