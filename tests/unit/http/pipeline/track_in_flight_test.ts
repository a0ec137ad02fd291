import assert from "node:assert/strict";
import { trackInFlight } from "../../../../src/http/pipeline/track_in_flight.ts";
import { InFlight } from "../../../../src/server/in_flight.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;

Deno.test("trackInFlight: counts requests until their handler answers, sync or async", async () => {
  const inFlight = new InFlight();
  let finish!: (r: Response) => void;
  const handler = trackInFlight(inFlight)((request) =>
    new URL(request.url).pathname === "/slow" ? new Promise<Response>((r) => (finish = r)) : new Response("x")
  );
  assert.ok(handler(new Request("http://x/"), info) instanceof Response, "a sync answer stays sync");
  assert.equal(inFlight.count, 0);
  const slow = handler(new Request("http://x/slow"), info);
  assert.equal(inFlight.count, 1);
  finish(new Response("done"));
  await slow;
  assert.equal(inFlight.count, 0);
});

Deno.test("trackInFlight: a handler that throws or rejects is no longer counted", async () => {
  const inFlight = new InFlight();
  const handler = trackInFlight(inFlight)((request) => {
    if (request.url.endsWith("/throw")) throw new Error("thrown");
    return Promise.reject(new Error("rejected"));
  });
  assert.throws(() => handler(new Request("http://x/throw"), info), /thrown/);
  assert.equal(inFlight.count, 0);
  await assert.rejects(async () => await handler(new Request("http://x/reject"), info), /rejected/);
  assert.equal(inFlight.count, 0);
});
