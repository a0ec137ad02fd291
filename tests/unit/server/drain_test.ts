import assert from "node:assert/strict";
import { closeAfter, closeWhileDraining, Drain } from "../../../src/server/drain.ts";

Deno.test("closeAfter marks a response Connection: close and keeps status, headers and body", async () => {
  const response = closeAfter(
    new Response("hi\n", { status: 401, headers: { "WWW-Authenticate": "Bearer" } }),
  );
  assert.equal(response.headers.get("connection"), "close");
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("www-authenticate"), "Bearer");
  assert.equal(await response.text(), "hi\n");
});

Deno.test("closeAfter copies a response whose headers are immutable", () => {
  const immutable = Response.redirect("http://127.0.0.1/elsewhere", 302);
  assert.throws(() => immutable.headers.set("x", "y"));
  const response = closeAfter(immutable);
  assert.equal(response.headers.get("connection"), "close");
  assert.equal(response.status, 302);
  assert.equal(response.headers.get("location"), "http://127.0.0.1/elsewhere");
});

Deno.test("closeWhileDraining passes answers through untouched until the drain begins, then closes each", async () => {
  const drain = new Drain();
  const info = {
    remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 1 },
    completed: Promise.resolve(),
  };
  const handler = closeWhileDraining(
    (request) => request.url.endsWith("/async") ? Promise.resolve(new Response("a")) : new Response("s"),
    drain,
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
