import assert from "node:assert/strict";
import {
  type CompareHash,
  PasswordCheckUnavailable,
  type UnavailableReason,
} from "../../../src/auth/password.ts";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import { createPasswordCheck } from "../../../src/auth/password.ts";
import { buildApp } from "../../../src/http/app.ts";
import { login } from "../../../routes/login.ts";
import { createClientShare } from "../../../src/auth/fair_share.ts";
import { basicHeaders as basic } from "../../support/credentials.ts";

function loginApp(compare: CompareHash) {
  return buildApp([login], {
    tokens: createHs256TokenService({ secret: "test-secret" }),
    checkPassword: createPasswordCheck(compare),
    version: "9.9.9",
    loginShare: createClientShare(),
  });
}

Deno.test("/login: a password check that cannot be made is 503 Retry-After: 1 for known and unknown users, never 401", async (t) => {
  for (const reason of ["busy", "closed", "crashed"] as UnavailableReason[]) {
    const app = loginApp(() => Promise.reject(new PasswordCheckUnavailable(reason)));
    for (const credentials of ["user:password", "nobody:password", "user:wrong"]) {
      await t.step(`${reason}, ${credentials}`, async () => {
        const response = await app.request("/login", { headers: basic(credentials) });
        assert.equal(response.status, 503);
        assert.equal(response.headers.get("Retry-After"), "1");
        assert.equal(response.headers.get("Content-Type"), "text/plain; charset=utf-8");
        assert.equal(await response.text(), "login busy, try again\n");
      });
    }
  }
});

Deno.test("/login: any other failure of the check is a plain 500, not a 503 or a 401", async () => {
  const app = loginApp(() => Promise.reject(new Error("a bug")));
  // The 500's one stderr line is expected here: capture it instead of printing it in a green run.
  const logged: string[] = [];
  const stderr = Deno.stderr as { writeSync(bytes: Uint8Array): number };
  const realWrite = stderr.writeSync;
  stderr.writeSync = (bytes) => logged.push(new TextDecoder().decode(bytes)) && bytes.length;
  try {
    const response = await app.request("/login", { headers: basic("user:password") });
    assert.equal(response.status, 500);
    assert.equal(await response.text(), "internal server error\n");
  } finally {
    stderr.writeSync = realWrite;
  }
  assert.equal(logged.length, 1, logged.join(""));
  assert.match(logged[0], /internal error: a bug\n$/);
});

Deno.test("/login: once the check answers again, logins work", async () => {
  let available = false;
  const app = loginApp((password) =>
    available
      ? Promise.resolve(password === "password")
      : Promise.reject(new PasswordCheckUnavailable("busy"))
  );
  assert.equal((await app.request("/login", { headers: basic("user:password") })).status, 503);
  available = true;
  const response = await app.request("/login", { headers: basic("user:password") });
  assert.equal(response.status, 200);
  assert.ok((await response.json()).token);
});
