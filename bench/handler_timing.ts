/**
 * Timing a request handler in this process, without a server: the requests both in-process
 * benchmarks send (`pipeline_cost.ts`, `pipeline_ab.ts`) and the loop that times them.
 * @module
 */
import type { Handler } from "../src/server/handler.ts";

/** Calls per measurement. */
export const CALLS = 20_000;
/** Calls between two turns of the event loop (so timers, the access log's among them, still run). */
const CHUNK = 1_000;

/** `GET /` and `GET /secure` with `token`, as a client on loopback sends them. */
export function benchRequests(token: string): Record<"GET /" | "GET /secure", Request> {
  return {
    "GET /": new Request("http://127.0.0.1:8080/", { headers: { host: "127.0.0.1:8080" } }),
    "GET /secure": new Request("http://127.0.0.1:8080/secure", {
      headers: { host: "127.0.0.1:8080", authorization: `Bearer ${token}` },
    }),
  };
}

const info = {
  remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 40000 },
  completed: Promise.resolve(),
} as Deno.ServeHandlerInfo<Deno.NetAddr>;

/** Nanoseconds per call of `handler` on `request`, over {@link CALLS} calls. */
export async function nsPerCall(handler: Handler, request: Request): Promise<number> {
  let spent = 0;
  for (let done = 0; done < CALLS; done += CHUNK) {
    const began = performance.now();
    for (let i = 0; i < CHUNK; i++) {
      const answer = handler(request, info);
      if (answer instanceof Promise) await answer;
    }
    spent += performance.now() - began;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return (spent * 1e6) / CALLS;
}

/**
 * Nanoseconds per call of every variant on every request, keyed `request|variant`, one value per
 * round. The variants alternate order each round; round 0 warms them up (the JIT) and is not counted.
 */
export async function interleavedRounds(
  variants: Record<string, Handler>,
  requests: Record<string, Request>,
  rounds: number,
): Promise<Record<string, number[]>> {
  const ns: Record<string, number[]> = {};
  for (let round = 0; round <= rounds; round++) {
    const names = Object.keys(variants);
    for (const name of round % 2 === 0 ? names : names.reverse()) {
      for (const [what, request] of Object.entries(requests)) {
        const result = await nsPerCall(variants[name], request);
        if (round > 0) (ns[`${what}|${name}`] ??= []).push(result);
      }
    }
  }
  return ns;
}
