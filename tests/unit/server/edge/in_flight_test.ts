import assert from "node:assert/strict";
import { trackInFlight } from "../../../../src/server/edge/in_flight.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;

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
  const waiting = tracked.idle(1).then(() => (idle = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(idle, false);
  finish(new Response("done"));
  await slow;
  await waiting;
  assert.equal(tracked.count, 0);
});
