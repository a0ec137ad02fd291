import assert from "node:assert/strict";
import { headAsGet } from "../../../../src/http/pipeline/head_as_get.ts";

const info = {
  remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 5555 },
  completed: Promise.resolve(),
};

Deno.test("headAsGet: the app sees a HEAD as a GET and the server gets the GET's whole response", async () => {
  const seen: string[] = [];
  const handler = headAsGet((request) => {
    seen.push(request.method);
    return new Response("twenty bytes of body", { headers: { "content-type": "text/plain" } });
  });
  const response = await handler(new Request("http://localhost/", { method: "HEAD" }), info);
  assert.deepEqual(seen, ["GET"]);
  assert.equal(await response.text(), "twenty bytes of body", "the body stays for the server to measure");
  assert.equal(response.headers.get("content-type"), "text/plain");
});

Deno.test("headAsGet: every other method reaches the app untouched", async (t) => {
  for (const method of ["GET", "POST", "DELETE", "OPTIONS"]) {
    await t.step(method, async () => {
      const request = new Request("http://localhost/", { method });
      const handler = headAsGet((received) => {
        assert.equal(received, request);
        return new Response(null, { status: 204 });
      });
      assert.equal((await handler(request, info)).status, 204);
    });
  }
});
