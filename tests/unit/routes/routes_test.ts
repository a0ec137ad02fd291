import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { buildApp, type Deps } from "../../../src/http/app.ts";
import { type Mode, MODES } from "../../../src/cli/modes.ts";
import { createTokenService } from "../../../src/auth/tokens.ts";
import { createPasswordCheck } from "../../../src/auth/users.ts";

const deps: Deps = {
  tokens: createTokenService({ secret: "test-secret" }),
  checkPassword: createPasswordCheck((password, hash) => bcrypt.compare(password, hash)),
  version: "9.9.9",
};
const apps = Object.fromEntries(
  (Object.keys(MODES) as Mode[]).map((mode) => [mode, buildApp(MODES[mode], deps)]),
) as Record<Mode, ReturnType<typeof buildApp>>;
const basic = (credentials: string) => ({ Authorization: `Basic ${btoa(credentials)}` });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function expectJson(response: Response, status: number, body: unknown) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get("Content-Type"), "application/json");
  assert.deepEqual(await response.json(), body);
}

async function expectUnauthorized(response: Response, challenge: RegExp) {
  assert.equal(response.status, 401);
  assert.equal(await response.text(), "authorization failed\n");
  assert.equal(response.headers.get("Content-Type"), "text/plain; charset=utf-8");
  assert.match(response.headers.get("WWW-Authenticate") ?? "", challenge);
}

Deno.test("routes: each mode serves exactly its endpoints", async () => {
  const table: Record<Mode, Record<string, boolean>> = {
    monolith: { "/": true, "/secure": true, "/login": true, "/version": true },
    auth: { "/": false, "/secure": false, "/login": true, "/version": true },
    hello: { "/": true, "/secure": true, "/login": false, "/version": true },
  };
  for (const [mode, paths] of Object.entries(table) as [Mode, Record<string, boolean>][]) {
    for (const [path, served] of Object.entries(paths)) {
      const response = await apps[mode].request(path);
      if (served) assert.notEqual(response.status, 404, `${mode} ${path}`);
      else {
        assert.equal(response.status, 404, `${mode} ${path}`);
        assert.equal(await response.text(), "404 page not found\n");
      }
    }
  }
});

Deno.test("routes: GET / says hello in JSON", async () => {
  for (const mode of ["monolith", "hello"] as const) {
    await expectJson(await apps[mode].request("/"), 200, { message: "Hello" });
  }
});

Deno.test("routes: GET /version reports the build's version", async () => {
  for (const mode of ["monolith", "auth", "hello"] as const) {
    await expectJson(await apps[mode].request("/version"), 200, { version: "9.9.9" });
  }
});

Deno.test("routes: /login trades the course's credentials for a token /secure accepts", async () => {
  for (const mode of ["monolith", "auth"] as const) {
    const response = await apps[mode].request("/login", { headers: basic("user:password") });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "application/json");
    const { token } = await response.json();
    assert.ok(deps.tokens.verify(token));
    for (const verifier of ["monolith", "hello"] as const) {
      await expectJson(await apps[verifier].request("/secure", { headers: bearer(token) }), 200, {
        message: "Hello",
      });
    }
  }
});

Deno.test("routes: /login refuses bad credentials with a Basic challenge", async () => {
  const cases: Record<string, string>[] = [
    {},
    basic("user:wrong"),
    basic("nobody:password"),
    basic("user"),
    basic(":password"),
    { Authorization: "Basic !!!" },
    { Authorization: "Bearer x" },
  ];
  for (const headers of cases) {
    await expectUnauthorized(await apps.monolith.request("/login", { headers }), /^Basic realm="app"/);
  }
});

Deno.test("routes: /secure refuses a missing or bad token with a Bearer challenge", async () => {
  const other = createTokenService({ secret: "other" }).sign({ name: "user", email: "e" });
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /^Bearer realm="app"$/],
    [{ Authorization: "Bearer" }, /^Bearer realm="app"$/],
    [{ Authorization: "Basic dXNlcjpwYXNzd29yZA==" }, /^Bearer realm="app"$/],
    [bearer("not.a.token"), /error="invalid_token"/],
    [bearer(other), /error="invalid_token"/],
  ];
  for (const mode of ["monolith", "hello"] as const) {
    for (const [headers, challenge] of cases) {
      await expectUnauthorized(await apps[mode].request("/secure", { headers }), challenge);
    }
  }
});

Deno.test("routes: the bearer scheme word is case-insensitive and spacing is forgiven", async () => {
  const token = deps.tokens.sign({ name: "user", email: "e" });
  for (const value of [`bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`, `Bearer\t${token}`]) {
    const response = await apps.hello.request("/secure", { headers: { Authorization: value } });
    assert.equal(response.status, 200, JSON.stringify(value.slice(0, 8)));
  }
});

Deno.test("routes: HEAD works like GET without a body; other methods get 405 with Allow", async () => {
  const head = await apps.monolith.request("/", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    for (const path of ["/", "/secure", "/login", "/version"]) {
      const response = await apps.monolith.request(path, { method });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get("Allow"), "GET, HEAD");
      assert.equal(await response.text(), "method not allowed\n");
    }
  }
});

Deno.test("routes: unknown paths are 404 in every mode (the Go originals answered hello)", async () => {
  for (const mode of ["monolith", "auth", "hello"] as const) {
    for (const path of ["/nope", "/secure/", "/login/x", "/healthz"]) {
      const response = await apps[mode].request(path);
      assert.equal(response.status, 404, `${mode} ${path}`);
      assert.equal(await response.text(), "404 page not found\n");
    }
  }
});
