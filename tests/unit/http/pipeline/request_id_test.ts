import assert from "node:assert/strict";
import { requestIdFor, tagRequestId } from "../../../../src/http/pipeline/request_id.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;
const NEW_ID = /^[0-9a-f]{32}$/;

Deno.test("requestIdFor: a well-formed id is kept, anything else replaced by a new one", async (t) => {
  const kept = ["0123456789abcdef0123456789abcdef", "550e8400-e29b-41d4-a716-446655440000", "a.b_c:d+e=f"];
  for (const id of kept) await t.step(`keeps ${id}`, () => assert.equal(requestIdFor(id), id));
  const replaced = [null, "", "x".repeat(129), "a b", "<script>", "é", "id\nforged"];
  for (const id of replaced) {
    await t.step(`replaces ${JSON.stringify(id)}`, () => assert.match(requestIdFor(id), NEW_ID));
  }
  assert.notEqual(requestIdFor(null), requestIdFor(null), "every new id is new");
});

Deno.test("tagRequestId: every answer carries the request's id, sync or async", async () => {
  const handler = tagRequestId((request) =>
    request.url.endsWith("/async") ? Promise.resolve(new Response("a")) : new Response("s")
  );
  const sync = handler(new Request("http://x/", { headers: { "x-request-id": "abc" } }), info);
  assert.ok(sync instanceof Response, "a synchronous answer stays synchronous");
  assert.equal(sync.headers.get("x-request-id"), "abc");
  const async = await handler(new Request("http://x/async", { headers: { "x-request-id": "a b" } }), info);
  assert.match(async.headers.get("x-request-id") ?? "", NEW_ID, "a malformed id is replaced, not echoed");
});
