import assert from "node:assert/strict";
import { parseSecrets, watchSecretFile } from "../../../src/auth/secret_file.ts";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import { claims, hmacToken, HS256 } from "../../support/jwt.ts";

const user = { name: "user", email: "user@example.com" };

Deno.test("secret file: one secret per line, CRLF accepted, blank lines ignored", () => {
  assert.deepEqual(parseSecrets("new\nold\n"), ["new", "old"]);
  assert.deepEqual(parseSecrets("\n new one \r\n\n  \nold"), [" new one ", "old"]);
  assert.deepEqual(parseSecrets("\n\n \n"), []);
});

Deno.test("several secrets: the first signs, every one verifies, others are refused", () => {
  const service = createHs256TokenService({ secret: ["new", "old"] });
  const issued = service.sign(user);
  assert.notEqual(createHs256TokenService({ secret: "new" }).verify(issued), undefined);
  assert.equal(createHs256TokenService({ secret: "old" }).verify(issued), undefined);
  assert.notEqual(service.verify(hmacToken(HS256, claims(), "old")), undefined);
  assert.notEqual(service.verify(hmacToken(HS256, claims(), "new")), undefined);
  assert.equal(service.verify(hmacToken(HS256, claims(), "other")), undefined);
});

/** A clock the test drives: `poll()` runs the watcher's poll once and resolves when it is done. */
function drivenClock() {
  const clock = { intervalMs: 0, running: false, run: undefined as (() => Promise<void>) | undefined };
  return {
    clock,
    every: (run: () => Promise<void>, intervalMs: number) => {
      Object.assign(clock, { run, intervalMs, running: true });
      return () => void (clock.running = false);
    },
    /** Runs `n` polls one after another, as the interval would. */
    async poll(n = 2) {
      assert.ok(clock.running && clock.run, "the watcher is not polling");
      for (let i = 0; i < n; i++) await clock.run();
    },
  };
}

Deno.test("secret file watcher: polls every second by default, on the interval it is given, until stopped", () => {
  for (const [intervalMs, want] of [[undefined, 1000], [250, 250]] as const) {
    const { clock, every } = drivenClock();
    const watch = watchSecretFile("/run/jwt", "a\n", () => {}, { intervalMs, log: () => {}, every });
    assert.equal(clock.intervalMs, want);
    watch.stop();
    assert.equal(clock.running, false, "stop() did not stop the polling");
  }
});

Deno.test("secret file watcher: a change is applied; an empty or unreadable file is logged and the secrets kept", async () => {
  let text = "a\n";
  const applied: string[][] = [];
  const logs: string[] = [];
  const { every, poll } = drivenClock();
  const watch = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
    log: (line) => logs.push(line),
    readText: (path) => {
      assert.equal(path, "/run/jwt");
      return text === "missing" ? Promise.reject(new Error("No such file")) : Promise.resolve(text);
    },
    every,
  });
  try {
    // Each step polls twice: a problem seen again by the next poll is not logged again.
    await poll();
    assert.deepEqual(applied, [], "an unchanged file is not applied again");
    text = "b\na\n";
    await poll();
    assert.deepEqual(applied, [["b", "a"]]);
    text = "\n";
    await poll();
    text = "missing";
    await poll();
    assert.deepEqual(applied, [["b", "a"]], "an empty or unreadable file replaced the secrets");
    assert.equal(
      logs.filter((line) => /holds no secret .*; keeping the secrets in use/.test(line)).length,
      1,
      logs.join("\n"),
    );
    assert.equal(logs.filter((line) => /cannot read .*No such file; keeping/.test(line)).length, 1);
    text = "b\n";
    await poll();
    assert.deepEqual(applied, [["b", "a"], ["b"]]);
    assert.match(logs.at(-1)!, /secret file "\/run\/jwt" reloaded \(changed: 1 secret, the first signs\)/);
  } finally {
    watch.stop();
  }
});

Deno.test("secret file watcher: reload (SIGHUP) reads at once through the same watcher, refusing an empty file", async () => {
  let text = "a\n";
  const applied: string[][] = [];
  const logs: string[] = [];
  const watch = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
    log: (line) => logs.push(line),
    readText: () => text === "missing" ? Promise.reject(new Error("No such file")) : Promise.resolve(text),
    every: () => () => {}, // the poll never runs here: every read below is the reload's
  });
  try {
    assert.equal(await watch.reload(), "unchanged");
    text = "b\na\n";
    assert.match(await watch.reload(), /changed: 2 secrets/);
    assert.deepEqual(applied, [["b", "a"]]);
    text = " \n";
    await assert.rejects(watch.reload(), /holds no secret \(empty/);
    text = "missing";
    await assert.rejects(watch.reload(), /cannot read it: No such file/);
    assert.deepEqual(applied, [["b", "a"]], "a refused reload replaced the secrets");
    // The poll's last read and the reload's are one state: the same text again is "unchanged".
    text = "b\na\n";
    assert.equal(await watch.reload(), "unchanged");
    assert.deepEqual(logs, [], "the reload's caller (the SIGHUP registry) logs, not the watcher");
  } finally {
    watch.stop();
  }
});

Deno.test("secret file watcher: reads run one at a time, so a slow older read never undoes a newer one", async () => {
  let text = "a\n";
  const reads: ((value: string) => void)[] = [];
  const begun = [Promise.withResolvers<void>(), Promise.withResolvers<void>()];
  let pending = 0;
  let overlapped = false;
  const applied: string[][] = [];
  const watch = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
    log: () => {},
    readText: () => {
      overlapped ||= pending > 0;
      pending++;
      const read = new Promise<string>((resolve) => reads.push((value) => (pending--, resolve(value))));
      begun[reads.length - 1]?.resolve();
      return read;
    },
    every: () => () => {},
  });
  try {
    text = "b\n";
    const first = watch.reload();
    const second = watch.reload();
    await begun[0].promise;
    reads[0](text);
    await first;
    await begun[1].promise; // the second read begins only now, after the first has ended
    assert.equal(overlapped, false, "a second read started before the first ended");
    text = "c\n";
    reads[1](text);
    await second;
    assert.deepEqual(applied, [["b"], ["c"]]);
  } finally {
    watch.stop();
  }
});
