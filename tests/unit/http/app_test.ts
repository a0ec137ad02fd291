import assert from "node:assert/strict";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import { buildApp, type Route } from "../../../src/http/app.ts";
import { hello } from "../../../routes/hello.ts";
import { version } from "../../../routes/version.ts";
import { createClientShare } from "../../../src/auth/fair_share.ts";

const boom: Route = {
  path: "/boom",
  handler: () => () => {
    throw new Error("handler failed on purpose");
  },
};

const app = buildApp([hello, version, boom], {
  tokens: createHs256TokenService({ secret: "test" }),
  checkPassword: () => Promise.resolve(undefined),
  version: "9.9.9",
  loginShare: createClientShare(),
});

Deno.test("buildApp: served paths answer GET and HEAD (HEAD without a body)", async () => {
  const get = await app.request("/");
  assert.equal(get.status, 200);
  assert.equal(await get.text(), '{"message":"Hello"}\n');
  const head = await app.request("/", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
});

Deno.test("buildApp: other methods on a served path get 405 with Allow: GET, HEAD", async (t) => {
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO"]) {
    for (const path of ["/", "/version"]) {
      await t.step(`${method} ${path}`, async () => {
        const response = await app.request(path, { method });
        assert.equal(response.status, 405);
        assert.equal(response.headers.get("Allow"), "GET, HEAD");
        assert.equal(await response.text(), "method not allowed\n");
      });
    }
  }
});

Deno.test("buildApp: any other path is 404, whatever the method", async (t) => {
  for (
    const [method, path] of [["GET", "/nope"], ["POST", "/nope"], ["GET", "/version/"], ["GET", "/Version"]]
  ) {
    await t.step(`${method} ${path}`, async () => {
      const response = await app.request(path, { method });
      assert.equal(response.status, 404);
      assert.equal(await response.text(), "404 page not found\n");
    });
  }
});

Deno.test("buildApp: a handler that throws is a plain 500, its message on stderr and not in the body", async () => {
  // Lifecycle lines (src/server/log.ts) go straight to stderr: catch them there.
  const logged: string[] = [];
  const stderr = Deno.stderr as { writeSync(bytes: Uint8Array): number };
  const realWrite = stderr.writeSync;
  stderr.writeSync = (bytes) => logged.push(new TextDecoder().decode(bytes)) && bytes.length;
  try {
    const response = await app.request("/boom");
    assert.equal(response.status, 500);
    assert.equal(await response.text(), "internal server error\n");
  } finally {
    stderr.writeSync = realWrite;
  }
  assert.equal(logged.length, 1, logged.join(""));
  assert.match(logged[0], /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d internal error: handler failed on purpose\n$/);
});
