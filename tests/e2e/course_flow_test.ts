import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { basicHeaders } from "../support/credentials.ts";

Deno.test("the course's monolith walkthrough works against the real process", async () => {
  const app = await startApp("monolith");
  try {
    const hello = await fetch(`${app.url}/`);
    assert.equal(hello.status, 200);
    assert.deepEqual(await hello.json(), { message: "Hello" });

    const denied = await fetch(`${app.url}/secure`);
    assert.equal(denied.status, 401);
    assert.equal(await denied.text(), "authorization failed\n");

    const login = await fetch(`${app.url}/login`, {
      headers: basicHeaders("user:password"),
    });
    assert.equal(login.status, 200);
    const { token } = await login.json();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const secure = await fetch(`${app.url}/secure`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(secure.status, 200);
    assert.deepEqual(await secure.json(), { message: "Hello" });
  } finally {
    const status = await app.stop();
    assert.equal(status.code, 0);
  }
  assert.match(app.stderr(), /Captured SIGTERM\. Exiting\.\.\./);
  assert.match(app.stdout(), /"GET \/secure HTTP\/1\.1" 200 /);
});
