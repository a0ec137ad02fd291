/**
 * `deno run -A bench/pipeline_ab.ts COMMIT|DIR [ROUNDS]`: the JavaScript time per request of this tree's
 * request pipeline against COMMIT's (exported with `git archive`) or DIR's, and the lean reference's handler,
 * in one process and without sockets (like bench/pipeline_cost.ts): the monolith's app behind each tree's
 * `servicePipeline` (src/http/pipeline.ts, which both must have), called with the same `GET /` and `/secure`
 * requests in interleaved rounds. Prints medians and the per-round ratios: what a change to the pipeline
 * saves, below the noise of served figures. Used for docs/decisions/observability-cost.md.
 * @module
 */
import { leanHandler } from "./lean_reference.ts";
import { median } from "./table.ts";
import { benchRequests, interleavedRounds } from "./handler_timing.ts";

type Handler = Deno.ServeHandler<Deno.NetAddr>;
const ROOT = new URL("../", import.meta.url);
const SECRET = "pipeline-ab-secret";
const ROUNDS = Number(Deno.args[1] ?? "16");

/** The monolith's service pipeline as the tree at `root` builds it. */
async function pipelineOf(root: URL): Promise<Handler> {
  const load = (path: string) => import(new URL(path, root).href);
  const { buildApp } = await load("src/http/app.ts");
  const { MODES } = await load("src/cli/modes.ts");
  const { servicePipeline } = await load("src/http/pipeline.ts");
  const { AccessLogWriter } = await load("src/http/access_log/writer.ts");
  const { createAppMetrics } = await load("src/metrics/app_metrics.ts");
  const { createHs256TokenService } = await load("src/auth/hs256_tokens.ts");
  const { createClientShare } = await load("src/auth/fair_share.ts");
  const { Drain } = await load("src/server/drain.ts");
  const { InFlight } = await load("src/server/in_flight.ts");
  const routes: { path: string }[] = MODES.monolith;
  const metrics = createAppMetrics({ mode: "monolith", version: "0", routes: routes.map((r) => r.path) });
  const app = buildApp(routes, {
    tokens: createHs256TokenService({ secret: SECRET, onCheck: metrics.tokenCheck }),
    checkPassword: () => Promise.resolve(undefined),
    version: "0",
    loginShare: createClientShare(),
  });
  const log = new AccessLogWriter({ write: (bytes: Uint8Array) => Promise.resolve(bytes.length) });
  return servicePipeline({
    app,
    drain: new Drain(),
    inFlight: new InFlight(),
    log,
    json: false,
    metrics: metrics.http,
  });
}

const ref = Deno.args[0];
if (ref === undefined) {
  console.error("usage: deno run -A bench/pipeline_ab.ts COMMIT|DIR [ROUNDS]");
  Deno.exit(2);
}
let other: URL;
let temp: string | undefined;
if ((await Deno.stat(ref).catch(() => undefined))?.isDirectory) {
  other = new URL(`file://${await Deno.realPath(ref)}/`);
} else {
  temp = await Deno.makeTempDir({ prefix: "pipeline-ab-" });
  const archive = new Deno.Command("sh", {
    args: ["-c", `git archive "$0" | tar -x -C "$1"`, ref, temp],
    cwd: ROOT,
  });
  if (!(await archive.output()).success) throw new Error(`cannot export ${ref}`);
  other = new URL(`file://${temp}/`);
}
const { createHs256TokenService } = await import("../src/auth/hs256_tokens.ts");
const token = createHs256TokenService({ secret: SECRET }).sign({ name: "u", email: "u@example.com" });
const variants: Record<string, Handler> = {
  [ref]: await pipelineOf(other),
  "this tree": await pipelineOf(ROOT),
  "lean reference": leanHandler(SECRET, () => {}).handler,
};
const requests: Record<string, Request> = benchRequests(token);

let ns: Record<string, number[]> = {};
try {
  ns = await interleavedRounds(variants, requests, ROUNDS);
} finally {
  if (temp) await Deno.remove(temp, { recursive: true });
}
const ratio = (a: number[], b: number[]) => median(a.map((value, i) => value / b[i])).toFixed(3);
for (const what of Object.keys(requests)) {
  const [before, after, lean] = Object.keys(variants).map((name) => ns[`${what}|${name}`]);
  console.log(
    `${what}: ${ref} ${median(before).toFixed(0)} ns, this tree ${median(after).toFixed(0)} ns ` +
      `(${ratio(after, before)}x), lean reference ${median(lean).toFixed(0)} ns; ` +
      `over the lean reference: ${ref} ${ratio(before, lean)}x, this tree ${ratio(after, lean)}x`,
  );
}
