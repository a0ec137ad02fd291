import assert from "node:assert/strict";
import { buildApp } from "../../../src/http/app.ts";
import { createBcryptWorkerClient } from "../../../src/auth/bcrypt_worker_client.ts";
import { MODES } from "../../../src/cli/modes.ts";
import { createTokenService } from "../../../src/auth/tokens.ts";
import { createPasswordCheck } from "../../../src/auth/users.ts";

const CRASHING_WORKER = new URL("../../fixtures/crashing_bcrypt_worker.ts", import.meta.url);
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

Deno.test("/login: a dead bcrypt worker answers its waiting logins 503, and the next login works", async () => {
  const lines: string[] = [];
  const bcrypt = createBcryptWorkerClient({ workerUrl: CRASHING_WORKER, warn: (line) => lines.push(line) });
  try {
    const app = authApp(bcrypt);
    const [crashing, waiting] = await Promise.all([
      login(app, "user:crash-the-worker"),
      login(app, "user:password"),
    ]);
    await expectBusy(crashing);
    await expectBusy(waiting);
    assert.equal(lines.length, 1);
    const response = await login(app, "user:password");
    assert.equal(response.status, 200);
    assert.ok((await response.json()).token);
  } finally {
    bcrypt.close();
  }
});
