import assert from "node:assert/strict";
import { announcesBody, closeIfBodyUnread } from "../../../../src/http/pipeline/close_if_body_unread.ts";

const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } } as Deno.ServeHandlerInfo<
  Deno.NetAddr
>;
const withBody = () =>
  new Request("http://x/", { method: "POST", body: "abc", headers: { "content-length": "3" } });

Deno.test("announcesBody: a Content-Length other than 0, or any Transfer-Encoding", async (t) => {
  const cases: [Record<string, string>, boolean][] = [
    [{}, false],
    [{ "content-length": "0" }, false],
    [{ "content-length": "5" }, true],
    [{ "transfer-encoding": "chunked" }, true],
  ];
  for (const [headers, want] of cases) {
    await t.step(`${JSON.stringify(headers)} -> ${want}`, () => {
      assert.equal(announcesBody(new Request("http://x/", { headers })), want);
    });
  }
});

Deno.test("closeIfBodyUnread: an unread body closes the connection; a read one or none does not", async () => {
  const ignoring = closeIfBodyUnread(() => new Response("ok"));
  assert.equal((await ignoring(withBody(), info)).headers.get("connection"), "close");
  const plain = ignoring(new Request("http://x/"), info);
  assert.ok(plain instanceof Response, "a synchronous answer stays synchronous");
  assert.equal(plain.headers.get("connection"), null);
  const reading = closeIfBodyUnread(async (request) => new Response(await request.text()));
  const read = await reading(withBody(), info);
  assert.equal(read.headers.get("connection"), null);
  assert.equal(await read.text(), "abc");
});
