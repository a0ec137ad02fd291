import assert from "node:assert/strict";
import { trackInFlight } from "../../../../src/server/edge/in_flight.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;

/** Lets every pending promise callback run (no timer: only the microtask queue). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

Deno.test("in flight: counts requests until their handler answers, sync or async", async () => {
  let finish!: (r: Response) => void;
  const tracked = trackInFlight((request) =>
    new URL(request.url).pathname === "/slow" ? new Promise<Response>((r) => (finish = r)) : new Response("x")
  );
  tracked.handler(new Request("http://x/"), info);
  assert.equal(tracked.count, 0);
  const slow = tracked.handler(new Request("http://x/slow"), info);
  assert.equal(tracked.count, 1);
  let idle = false;
  const waiting = tracked.idle().then(() => (idle = true));
  // Another request answered meanwhile leaves the slow one in flight: still not idle.
  tracked.handler(new Request("http://x/"), info);
  await settle();
  assert.equal(idle, false);
  finish(new Response("done"));
  await slow;
  await waiting;
  assert.equal(tracked.count, 0);
});

Deno.test("in flight: idle resolves at once when nothing is in flight, and after a handler throws", async () => {
  const tracked = trackInFlight((request) => {
    if (request.url.endsWith("/sync")) throw new Error("sync");
    return Promise.reject(new Error("async"));
  });
  await tracked.idle();
  assert.throws(() => tracked.handler(new Request("http://x/sync"), info), /sync/);
  assert.equal(tracked.count, 0);
  const failing = tracked.handler(new Request("http://x/async"), info) as Promise<Response>;
  assert.equal(tracked.count, 1);
  const waiting = tracked.idle();
  await assert.rejects(failing, /async/);
  await waiting;
  assert.equal(tracked.count, 0);
});
