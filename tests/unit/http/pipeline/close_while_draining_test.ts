import assert from "node:assert/strict";
import { closeWhileDraining } from "../../../../src/http/pipeline/close_while_draining.ts";
import { Drain } from "../../../../src/server/drain.ts";

Deno.test("closeWhileDraining passes answers through untouched until the drain begins, then closes each", async () => {
  const drain = new Drain();
  const info = {
    remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 1 },
    completed: Promise.resolve(),
  };
  const handler = closeWhileDraining(drain)(
    (request) => request.url.endsWith("/async") ? Promise.resolve(new Response("a")) : new Response("s"),
  );
  const sync = handler(new Request("http://localhost/"), info);
  assert.ok(sync instanceof Response, "a synchronous answer stays synchronous");
  assert.equal(sync.headers.get("connection"), null);
  assert.equal((await handler(new Request("http://localhost/async"), info)).headers.get("connection"), null);
  drain.begin();
  assert.equal(drain.draining, true);
  assert.equal((await handler(new Request("http://localhost/"), info)).headers.get("connection"), "close");
  assert.equal(
    (await handler(new Request("http://localhost/async"), info)).headers.get("connection"),
    "close",
  );
});
