import assert from "node:assert/strict";
import { buildApp } from "../../../src/http/app.ts";
import { TokenKeysUnavailable } from "../../../src/auth/jwt/token_service.ts";
import { secure } from "../../../routes/secure.ts";
import { fakeTokens, routeDeps, TEST_CLAIMS, type Verify } from "../../support/route_deps.ts";

/** An app serving only /secure, whose token service answers with `verify`. */
function secureApp(verify: Verify) {
  const tokens = fakeTokens(verify);
  return { app: buildApp([secure], routeDeps({ tokens })), tokens };
}
const get = (app: ReturnType<typeof buildApp>, authorization?: string) =>
  app.request("/secure", { headers: authorization === undefined ? {} : { Authorization: authorization } });

Deno.test("secure: the greeting for a token the service accepts, synchronously or not", async (t) => {
  const answers: [string, Verify][] = [
    ["synchronous claims", () => TEST_CLAIMS],
    ["claims after a key fetch", () => Promise.resolve(TEST_CLAIMS)],
  ];
  for (const [name, verify] of answers) {
    await t.step(name, async () => {
      const { app, tokens } = secureApp(verify);
      const response = await get(app, "Bearer abc.def.ghi");
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { message: "Hello" });
      assert.deepEqual(tokens.verified, ["abc.def.ghi"], "the token as sent, without the scheme");
    });
  }
});

Deno.test("secure: 401 with invalid_token for a token the service refuses, synchronously or not", async (t) => {
  const answers: [string, Verify][] = [
    ["synchronous refusal", () => undefined],
    ["refusal after a key fetch", () => Promise.resolve(undefined)],
  ];
  for (const [name, verify] of answers) {
    await t.step(name, async () => {
      const response = await get(secureApp(verify).app, "Bearer forged");
      assert.equal(response.status, 401);
      assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="app", error="invalid_token"');
      assert.equal(await response.text(), "authorization failed\n");
    });
  }
});

Deno.test("secure: without a bearer token, 401 with a bare challenge and the service is never asked", async (t) => {
  const cases: [string, string | undefined][] = [
    ["no Authorization", undefined],
    ["an empty header", ""],
    ["the scheme alone", "Bearer"],
    ["the scheme and spaces", "Bearer   "],
    ["Basic credentials", "Basic dXNlcjpwYXNzd29yZA=="],
    ["two words after the scheme", "Bearer abc def"],
    ["no space after the scheme", "Bearerabc"],
  ];
  for (const [name, header] of cases) {
    await t.step(name, async () => {
      const { app, tokens } = secureApp(() => TEST_CLAIMS);
      const response = await get(app, header);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="app"');
      await response.body?.cancel();
      assert.deepEqual(tokens.verified, []);
    });
  }
  await t.step("trailing spaces and tabs after the token are forgiven", async () => {
    const { app, tokens } = secureApp(() => TEST_CLAIMS);
    const response = await get(app, "bearer tok \t");
    assert.equal(response.status, 200);
    await response.body?.cancel();
    assert.deepEqual(tokens.verified, ["tok"]);
  });
});

Deno.test("secure: 503 with Retry-After while no key to check tokens has been obtained", async () => {
  const { app } = secureApp(() => Promise.reject(new TokenKeysUnavailable("no keys fetched yet")));
  const response = await get(app, "Bearer maybe.valid.token");
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "1");
  assert.equal(await response.text(), "token keys not loaded yet, try again\n");
});

Deno.test("secure: any other failure of the token service is a plain 500, not a 503 or a pass", async () => {
  const { app } = secureApp(() => Promise.reject(new TypeError("bug in a verifier")));
  const response = await get(app, "Bearer a.b.c");
  assert.equal(response.status, 500);
  assert.equal(await response.text(), "internal server error\n");
});
