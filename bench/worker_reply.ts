/**
 * How long a worker's answer takes to reach the main thread's event loop, for the bcrypt worker's
 * real job and for a busy loop of similar length, interleaved: the hop the login makes that Go's
 * (bcrypt on the request's own goroutine) does not. Prints medians, means and maxima in ms.
 *
 * `deno run -A --v8-flags=--max-semi-space-size=4,--max-old-space-size=64 bench/worker_reply.ts [rounds]`
 * @module
 */
import { median } from "./table.ts";

const worker = new Worker(new URL("./worker_reply_worker.ts", import.meta.url), { type: "module" });
const now = () => performance.timeOrigin + performance.now();

/** One job: [post to worker start, work, worker's post to main thread's handler] in ms. */
function ask(job: "bcrypt" | "spin"): Promise<number[]> {
  return new Promise((resolve) => {
    const posted = now();
    worker.onmessage = (event: MessageEvent<{ began: number; ended: number }>) => {
      const { began, ended } = event.data;
      resolve([began - posted, ended - began, now() - ended]);
    };
    worker.postMessage(job);
  });
}

await ask("bcrypt"); // the WebAssembly compile and tier-up are not a login's
await ask("bcrypt");
const results = { bcrypt: [] as number[][], spin: [] as number[][] };
const rounds = Number(Deno.args[0] ?? 40);
for (let r = 0; r < rounds; r++) {
  for (const job of r % 2 ? ["spin", "bcrypt"] as const : ["bcrypt", "spin"] as const) {
    results[job].push(await ask(job));
  }
}
for (const [job, runs] of Object.entries(results)) {
  const col = (i: number) => runs.map((run) => run[i]);
  const reply = col(2);
  console.log(
    `${job}: to worker ${median(col(0)).toFixed(2)}, work ${median(col(1)).toFixed(1)}, back to main: ` +
      `median ${median(reply).toFixed(2)} mean ${
        (reply.reduce((a, b) => a + b, 0) / reply.length).toFixed(2)
      } ` +
      `max ${Math.max(...reply).toFixed(1)}`,
  );
}
worker.terminate();
