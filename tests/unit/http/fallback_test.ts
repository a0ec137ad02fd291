import assert from "node:assert/strict";
import { Hono } from "hono";
import { getOnlyFallback } from "../../../src/http/fallback.ts";

const app = new Hono();
app.get("/served", (c) => c.text("ok"));
app.notFound(getOnlyFallback(new Set(["/served"])));

Deno.test("fallback: another method on a served path is 405 with Allow; any other path is 404", async (t) => {
  const cases: [string, string, number, string | null, string][] = [
    ["POST on a served path", "POST", 405, "GET, HEAD", "method not allowed\n"],
    ["DELETE on a served path", "DELETE", 405, "GET, HEAD", "method not allowed\n"],
    ["an unknown method on a served path", "BREW", 405, "GET, HEAD", "method not allowed\n"],
    ["GET on an unknown path", "GET", 404, null, "404 page not found\n"],
    ["POST on an unknown path", "POST", 404, null, "404 page not found\n"],
  ];
  for (const [name, method, status, allow, body] of cases) {
    await t.step(name, async () => {
      const path = status === 405 ? "/served" : "/elsewhere";
      const response = await app.request(path, { method });
      assert.equal(response.status, status);
      assert.equal(response.headers.get("allow"), allow);
      assert.equal(await response.text(), body);
    });
  }
  await t.step("near misses of a served path are other paths", async () => {
    for (const path of ["/served/", "/SERVED", "/served/x"]) {
      const response = await app.request(path, { method: "POST" });
      assert.equal(response.status, 404, path);
      await response.body?.cancel();
    }
  });
  await t.step("GET on the served path still reaches its handler", async () => {
    assert.equal(await (await app.request("/served")).text(), "ok");
  });
});
