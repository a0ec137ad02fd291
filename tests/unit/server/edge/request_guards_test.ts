import assert from "node:assert/strict";
import { announcesBody, closeIfBodyUnread, requireHost } from "../../../../src/server/edge/request_guards.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;

Deno.test("request guards: bodies announced and unread close the connection; a request without Host is refused", async (t) => {
  const ok = () => new Response("ok");
  await t.step("announcesBody", () => {
    const req = (headers: Record<string, string>) => new Request("http://x/", { headers });
    assert.equal(announcesBody(req({})), false);
    assert.equal(announcesBody(req({ "content-length": "0" })), false);
    assert.equal(announcesBody(req({ "content-length": "5" })), true);
    assert.equal(announcesBody(req({ "transfer-encoding": "chunked" })), true);
  });
  await t.step("closeIfBodyUnread", async () => {
    const handler = closeIfBodyUnread(ok);
    const withBody = new Request("http://x/", {
      method: "POST",
      body: "abc",
      headers: { "content-length": "3" },
    });
    const answer = await handler(withBody, info);
    assert.equal(answer.headers.get("connection"), "close");
    const plain = await handler(new Request("http://x/"), info);
    assert.equal(plain.headers.get("connection"), null);
  });
  await t.step("requireHost", async () => {
    const handler = requireHost(ok);
    const h2c = await handler(new Request("http://127.0.0.1:8080/"), info);
    assert.equal(h2c.status, 400, "no Host, a real authority: h2c");
    assert.match(await h2c.text(), /HTTP\/2 is not served/);
    const noHost = await handler(new Request("http://localhost:8080/"), info);
    assert.equal(noHost.status, 400, "HTTP/1.x, no Host: Deno's fallback host");
    assert.equal(await noHost.text(), "400 Bad Request: missing required Host header");
    const withHost = new Request("http://127.0.0.1:8080/", { headers: { host: "127.0.0.1:8080" } });
    assert.equal((await handler(withHost, info)).status, 200);
  });
});
