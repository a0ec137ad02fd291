/**
 * `deno run -A bench/pipeline_cost.ts [ROUNDS]`: the JavaScript time per request of the monolith's
 * request pipeline, in one process and without sockets, so that the other load of a shared machine
 * moves every figure alike: the whole pipeline, the same with each layer left out in turn, the Hono
 * app alone, and the lean reference's handler (bench/lean_reference.ts), all called with the same
 * requests (`GET /`, and `/secure` with one token: the headers wrk sends) in interleaved rounds.
 * Prints the median nanoseconds per request and each one's difference to the whole pipeline, which
 * is what that layer costs. It leaves out what only a served request costs (Deno's own request and
 * response handling, the socket): `bench/versus_lean.ts` measures that. Used for
 * docs/decisions/observability-cost.md.
 * @module
 */
import { buildApp } from "../src/http/app.ts";
import { MODES } from "../src/cli/modes.ts";
import { compose, serviceLayers } from "../src/http/pipeline.ts";
import { AccessLogWriter } from "../src/http/access_log/writer.ts";
import { createAppMetrics } from "../src/metrics/app_metrics.ts";
import { createHs256TokenService } from "../src/auth/hs256_tokens.ts";
import { createClientShare } from "../src/auth/fair_share.ts";
import { Drain } from "../src/server/drain.ts";
import { InFlight } from "../src/server/in_flight.ts";
import type { Handler } from "../src/server/handler.ts";
import { leanHandler } from "./lean_reference.ts";
import { median } from "./table.ts";
import { benchRequests, CALLS, interleavedRounds } from "./handler_timing.ts";

const ROUNDS = Number(Deno.args[0] ?? "15");
const SECRET = "pipeline-cost-secret";

const routes = MODES.monolith;
const log = new AccessLogWriter({ write: (bytes) => Promise.resolve(bytes.length) });
const metrics = createAppMetrics({ mode: "monolith", version: "0", routes: routes.map((r) => r.path) });
const tokens = createHs256TokenService({ secret: SECRET, onCheck: metrics.tokenCheck });
const app = buildApp(routes, {
  tokens,
  checkPassword: () => Promise.resolve(undefined),
  version: "0",
  loginShare: createClientShare(),
});
const parts = { app, drain: new Drain(), inFlight: new InFlight(), log, json: false, metrics: metrics.http };
const layers = serviceLayers(parts);
const variants: Record<string, Handler> = { "whole pipeline": compose(app.fetch, Object.values(layers)) };
for (const name of Object.keys(layers)) {
  const kept = Object.entries(layers).filter(([other]) => other !== name).map(([, layer]) => layer);
  variants[`without ${name}`] = compose(app.fetch, kept);
}
variants["Hono app alone"] = app.fetch;
variants["lean reference"] = leanHandler(SECRET, () => {}).handler;

const token = tokens.sign({ name: "u", email: "u@example.com" });
const requests: Record<string, Request> = benchRequests(token);

const ns = await interleavedRounds(variants, requests, ROUNDS);
await log.flush();
for (const what of Object.keys(requests)) {
  const whole = median(ns[`${what}|whole pipeline`]);
  console.log(`\n${what}: ns per request, medians of ${ROUNDS} rounds of ${CALLS} calls`);
  for (const name of Object.keys(variants)) {
    const value = median(ns[`${what}|${name}`]);
    const delta = name === "whole pipeline"
      ? ""
      : ` (${value - whole >= 0 ? "+" : ""}${(value - whole).toFixed(0)})`;
    console.log(`  ${name.padEnd(30)} ${value.toFixed(0).padStart(6)}${delta}`);
  }
}
