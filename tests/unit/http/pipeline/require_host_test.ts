import assert from "node:assert/strict";
import { requireHost } from "../../../../src/http/pipeline/require_host.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;

Deno.test("requireHost: a request without Host is refused, as h2c or as HTTP/1.x; one with Host is served", async (t) => {
  const handler = requireHost(() => new Response("ok"));
  await t.step("no Host, a real authority: h2c", async () => {
    const h2c = await handler(new Request("http://127.0.0.1:8080/"), info);
    assert.equal(h2c.status, 400);
    assert.equal(h2c.headers.get("connection"), "close");
    assert.equal(await h2c.text(), "400 Bad Request: HTTP/2 is not served on this port, use HTTP/1.1");
  });
  await t.step("no Host, Deno's fallback host: HTTP/1.x", async () => {
    for (const url of ["http://localhost:8080/", "http://localhost/x"]) {
      const noHost = await handler(new Request(url), info);
      assert.equal(noHost.status, 400, url);
      assert.equal(await noHost.text(), "400 Bad Request: missing required Host header");
    }
  });
  await t.step("a Host, even an empty one, is served", async () => {
    for (const host of ["127.0.0.1:8080", ""]) {
      const withHost = new Request("http://127.0.0.1:8080/", { headers: { host } });
      assert.equal((await handler(withHost, info)).status, 200, JSON.stringify(host));
    }
  });
});
