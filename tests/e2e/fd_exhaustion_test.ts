import assert from "node:assert/strict";
import { startApp } from "../../scripts/lib/app_process.ts";
import { accepts, until, within } from "../../scripts/lib/wait.ts";
import { basicAuth } from "../support/credentials.ts";

const LIMIT = 256;

/** `app hello` under `ulimit -n LIMIT` (the child's own limit, set by the shell before exec). */
async function startLimited(args: string[] = []) {
  const app = await startApp("hello", args, {}, undefined, { fdLimit: LIMIT });
  const port = (url: string) => Number(new URL(url).port);
  return { ...app, ports: { HTTP: port(app.url), Health: port(app.healthUrl) } };
}

/** Closes every connection a test held, whether or not the server has reset it. */
function closeAll(conns: Deno.Conn[]) {
  for (const conn of conns) {
    try {
      conn.close();
    } catch {
      // reset by the server
    }
  }
}

async function statusOf(url: string): Promise<number | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    return String(error);
  }
}

for (const target of ["HTTP", "Health"] as const) {
  Deno.test(`fd exhaustion: 300 idle connections to the ${target} port under ulimit -n 256 do not end the process; it serves again once they close`, async () => {
    const app = await startLimited();
    let exited: Deno.CommandStatus | undefined;
    app.status.then((status) => (exited = status));
    const conns: Deno.Conn[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        try {
          conns.push(await Deno.connect({ hostname: "127.0.0.1", port: app.ports[target] }));
        } catch {
          // refused while the listener is being reopened
        }
      }
      await app.waitFor("stderr", /too many open files/i, 5_000);
      assert.match(
        app.stderr(),
        new RegExp(`${target} service \\S+: accept: too many open files.*; retrying`, "i"),
      );
      // Still out of descriptors, the process lives through failures and reopens: twice, the port
      // refuses (the failed listener closed) and then accepts again (reopened after the backoff);
      // each accepted probe is one more accept the process cannot take.
      const port = app.ports[target];
      for (let cycle = 1; cycle <= 2; cycle++) {
        await until(
          `refusal ${cycle} (a failed accept closed the listener)`,
          async () => !(await accepts(port)),
          {
            everyMs: 2,
            detail: app.stderr,
          },
        );
        await until(`reopen ${cycle}`, () => accepts(port), { everyMs: 2, detail: app.stderr });
      }
      assert.equal(exited, undefined, `the process exited:\n${app.stderr()}`);
    } finally {
      closeAll(conns);
    }
    // Serving again within 5 s of the descriptors being freed (Go: "retrying", then serves).
    let http: number | string = "", health: number | string = "";
    await until("both services to answer 200 again", async () => {
      [http, health] = [await statusOf(`${app.url}/`), await statusOf(`${app.healthUrl}/healthz`)];
      return http === 200 && health === 200;
    }, { timeoutMs: 5_000, everyMs: 100, detail: () => `HTTP ${http}, health ${health}:\n${app.stderr()}` });
    const status = await app.stop();
    assert.equal(status.code, 0, app.stderr());
    const bursts = app.stderr().match(/service \S+: accept: too many open files/gi) ?? [];
    assert.equal(bursts.length, 1, `one line per burst, got:\n${app.stderr()}`);
  });
}

Deno.test("fd exhaustion: with -log-format json stderr stays one JSON object per line, one accept line for both ports", async () => {
  const app = await startLimited(["-log-format", "json"]);
  const conns: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      try {
        conns.push(await Deno.connect({ hostname: "127.0.0.1", port: app.ports.HTTP }));
      } catch {
        // refused while the listener is being reopened
      }
    }
    await app.waitFor("stderr", /too many open files/i, 5_000);
    // The health port, probed while descriptors are (usually) still out: its accept fails in the same
    // burst, which must not log a second line. A descriptor freed meanwhile may let a probe through.
    for (let i = 0; i < 3; i++) await statusOf(`${app.healthUrl}/healthz`);
  } finally {
    closeAll(conns);
  }
  await until("HTTP to answer 200 again", async () => (await statusOf(`${app.url}/`)) === 200, {
    everyMs: 100,
    detail: app.stderr,
  });
  assert.equal((await app.stop()).code, 0, app.stderr());
  const lines = app.stderr().trimEnd().split("\n");
  for (const line of lines) {
    const entry = JSON.parse(line); // throws on a line that is not JSON (a runtime's own warning)
    assert.deepEqual(Object.keys(entry), ["time", "level", "msg"], line);
  }
  const accept = lines.filter((line) => /accept: too many open files/i.test(line));
  assert.equal(accept.length, 1, app.stderr());
  assert.match(JSON.parse(accept[0]).msg, /^HTTP service \S+: accept: too many open files.*; retrying$/i);
});

Deno.test("fd exhaustion: a login that would start the bcrypt worker answers 503, never a crash; once descriptors are free it logs in", async () => {
  // Deno panics (and the process ends) when a worker's runtime cannot get its descriptors; auth
  // starts its bcrypt worker on the first login, so that login comes while none are left.
  const app = await startApp("auth", [], {}, undefined, { fdLimit: LIMIT });
  let exited: Deno.CommandStatus | undefined;
  app.status.then((status) => (exited = status));
  const port = Number(new URL(app.url).port);
  const conns: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      try {
        conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
      } catch {
        // refused while the listener is being reopened
      }
    }
    await app.waitFor("stderr", /too many open files/i, 5_000);
    // The first connection was accepted before descriptors ran out: the login goes on it.
    const login = `GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${
      basicAuth("user:password")
    }\r\n\r\n`;
    await conns[0].write(new TextEncoder().encode(login));
    const buffer = new Uint8Array(4096);
    const read = await within(conns[0].read(buffer), 10_000, () => `no answer:\n${app.stderr()}`);
    const head = new TextDecoder().decode(buffer.subarray(0, read ?? 0));
    assert.match(head, /^HTTP\/1\.1 503 /, head);
    assert.match(head, /\r\nretry-after: 1\r\n/i);
    await app.waitFor("stderr", /bcrypt worker not started: too few file descriptors left/, 5_000);
    assert.equal(exited, undefined, `the process exited:\n${app.stderr()}`);
  } finally {
    closeAll(conns);
  }
  const status = await until("a login to succeed once descriptors are free", async () => {
    const response = await fetch(`${app.url}/login`, {
      headers: { Authorization: basicAuth("user:password") },
      signal: AbortSignal.timeout(2_000),
    }).catch(() => undefined);
    await response?.body?.cancel();
    return response?.status === 200 ? 200 : undefined;
  }, { timeoutMs: 10_000, everyMs: 100, detail: app.stderr });
  assert.equal(status, 200);
  assert.equal((await app.stop()).code, 0, app.stderr());
});
