import assert from "node:assert/strict";
import { buildApp, type Deps } from "../../../src/http/app.ts";
import { type Mode, MODES } from "../../../src/cli/modes.ts";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import { COURSE_USERS } from "../../../src/auth/accounts/course.ts";
import { createPasswordCheck } from "../../../src/auth/password.ts";
import { createClientShare } from "../../../src/auth/fair_share.ts";
import { basicHeaders } from "../../support/credentials.ts";

const deps: Deps = {
  tokens: createHs256TokenService({ secret: "test-secret" }),
  // bcrypt's stand-in: the course's password against the course's hash (real bcrypt is in e2e).
  checkPassword: createPasswordCheck((password, hash) =>
    Promise.resolve(password === "password" && hash === COURSE_USERS.get("user")!.hash)
  ),
  version: "9.9.9",
  loginShare: createClientShare(),
};
const apps = Object.fromEntries(
  (Object.keys(MODES) as Mode[]).map((mode) => [mode, buildApp(MODES[mode], deps)]),
) as Record<Mode, ReturnType<typeof buildApp>>;
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

Deno.test("routes: each mode serves exactly its endpoints; anything else is 404 (the Go originals answered hello)", async (t) => {
  const served: Record<Mode, string[]> = {
    monolith: ["/", "/secure", "/login", "/version"],
    auth: ["/login", "/version"],
    hello: ["/", "/secure", "/version"],
  };
  const paths = ["/", "/secure", "/login", "/version", "/nope", "/secure/", "/login/x", "/healthz"];
  for (const mode of Object.keys(served) as Mode[]) {
    for (const path of paths) {
      const serves = served[mode].includes(path);
      await t.step(`${mode} ${path}: ${serves ? "served" : "404"}`, async () => {
        const response = await apps[mode].request(path);
        if (serves) {
          assert.notEqual(response.status, 404);
          await response.body?.cancel();
        } else {
          assert.equal(response.status, 404);
          assert.equal(await response.text(), "404 page not found\n");
        }
      });
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
    const response = await apps[mode].request("/login", { headers: basicHeaders("user:password") });
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

Deno.test("routes: /login refuses bad credentials with a Basic challenge", async (t) => {
  const cases: [string, Record<string, string>][] = [
    ["no Authorization", {}],
    ["a wrong password", basicHeaders("user:wrong")],
    ["an unknown user", basicHeaders("nobody:password")],
    ["no colon", basicHeaders("user")],
    ["an empty name", basicHeaders(":password")],
    ["not base64", { Authorization: "Basic !!!" }],
    ["another scheme", { Authorization: "Bearer x" }],
  ];
  for (const [name, headers] of cases) {
    await t.step(name, async () => {
      await expectUnauthorized(await apps.monolith.request("/login", { headers }), /^Basic realm="app"/);
    });
  }
});

Deno.test("routes: /secure refuses a missing or bad token with a Bearer challenge", async (t) => {
  const other = createHs256TokenService({ secret: "other" }).sign({ name: "user", email: "e" });
  const cases: [string, Record<string, string>, RegExp][] = [
    ["no Authorization", {}, /^Bearer realm="app"$/],
    ["Bearer without a token", { Authorization: "Bearer" }, /^Bearer realm="app"$/],
    ["Basic credentials", { Authorization: "Basic dXNlcjpwYXNzd29yZA==" }, /^Bearer realm="app"$/],
    ["not a token", bearer("not.a.token"), /error="invalid_token"/],
    ["another secret's token", bearer(other), /error="invalid_token"/],
  ];
  for (const mode of ["monolith", "hello"] as const) {
    for (const [name, headers, challenge] of cases) {
      await t.step(`${mode}: ${name}`, async () => {
        await expectUnauthorized(await apps[mode].request("/secure", { headers }), challenge);
      });
    }
  }
});

Deno.test("routes: the bearer scheme word is case-insensitive and spacing is forgiven", async (t) => {
  const token = deps.tokens.sign({ name: "user", email: "e" });
  for (const value of [`bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`, `Bearer\t${token}`]) {
    await t.step(JSON.stringify(value.slice(0, 8)), async () => {
      const response = await apps.hello.request("/secure", { headers: { Authorization: value } });
      assert.equal(response.status, 200);
      await response.body?.cancel();
    });
  }
});
