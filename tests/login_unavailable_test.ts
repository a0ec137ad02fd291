import assert from "node:assert/strict";
import { buildApp } from "../src/app.ts";
import { createBcryptWorkerClient } from "../src/bcrypt_worker_client.ts";
import { MODES } from "../src/modes.ts";
import { createTokenService } from "../src/tokens.ts";
import { createPasswordCheck } from "../src/users.ts";
import { runTestInChild } from "./support/child_test.ts";

// A worker that really dies makes Deno print its error from the worker's thread: run in a child.
const CRASH_CASES = new URL("./fixtures/worker_crash_cases.ts", import.meta.url);
const CRASH_TEST = "/login: a dead bcrypt worker answers its waiting logins 503, and the next login works";
const basic = (credentials: string) => ({ Authorization: `Basic ${btoa(credentials)}` });

function authApp(bcrypt: ReturnType<typeof createBcryptWorkerClient>) {
  return buildApp(MODES.auth, {
    tokens: createTokenService({ secret: "test-secret" }),
    checkPassword: createPasswordCheck(bcrypt.compare),
    version: "9.9.9",
  });
}

const login = (app: ReturnType<typeof authApp>, credentials: string) =>
  app.request("/login", { headers: basic(credentials) });

async function expectBusy(response: Response) {
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("Retry-After"), "1");
  assert.equal(response.headers.get("Content-Type"), "text/plain; charset=utf-8");
  assert.equal(await response.text(), "login busy, try again\n");
}

Deno.test("/login: with the bcrypt queue full, known and unknown users alike get 503 Retry-After: 1, never 401", async () => {
  const bcrypt = createBcryptWorkerClient({ maxJobs: 1 });
  try {
    const app = authApp(bcrypt);
    // The first login takes the only place; the others arrive before it can finish.
    const [first, known, unknown] = await Promise.all([
      login(app, "user:password"),
      login(app, "user:password"),
      login(app, "nobody:password"),
    ]);
    assert.equal(first.status, 200);
    await first.body?.cancel();
    await expectBusy(known);
    await expectBusy(unknown);
    assert.equal((await login(app, "user:password")).status, 200, "the place is free again");
  } finally {
    bcrypt.close();
  }
});

Deno.test("/login: after close() (shutdown gave up) waiting and later logins get 503, not 401", async () => {
  const bcrypt = createBcryptWorkerClient();
  const app = authApp(bcrypt);
  const waiting = login(app, "user:password");
  await new Promise((resolve) => setTimeout(resolve, 5)); // the job is with the worker now
  bcrypt.close();
  await expectBusy(await waiting);
  await expectBusy(await login(app, "user:password"));
});

Deno.test(CRASH_TEST, () => runTestInChild(CRASH_CASES, CRASH_TEST));
