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

Deno.test("secret file watcher: a change is applied; an empty or unreadable file is logged and the secrets kept", async () => {
  let text = "a\n";
  const applied: string[][] = [];
  const logs: string[] = [];
  const watch = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
    intervalMs: 5,
    log: (line) => logs.push(line),
    readText: (path) => {
      assert.equal(path, "/run/jwt");
      return text === "missing" ? Promise.reject(new Error("No such file")) : Promise.resolve(text);
    },
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 40));
  try {
    await settle();
    assert.deepEqual(applied, [], "an unchanged file is not applied again");
    text = "b\na\n";
    await settle();
    assert.deepEqual(applied, [["b", "a"]]);
    text = "\n";
    await settle();
    text = "missing";
    await settle();
    assert.deepEqual(applied, [["b", "a"]], "an empty or unreadable file replaced the secrets");
    assert.equal(
      logs.filter((line) => /holds no secret .*; keeping the secrets in use/.test(line)).length,
      1,
      logs.join("\n"),
    );
    assert.equal(logs.filter((line) => /cannot read .*No such file; keeping/.test(line)).length, 1);
    text = "b\n";
    await settle();
    assert.deepEqual(applied, [["b", "a"], ["b"]]);
  } finally {
    watch.stop();
  }
});

Deno.test("secret file watcher: reload (SIGHUP) reads at once through the same watcher, refusing an empty file", async () => {
  let text = "a\n";
  const applied: string[][] = [];
  const logs: string[] = [];
  const watch = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
    intervalMs: 60_000, // the poll never runs here: every read below is the reload's
    log: (line) => logs.push(line),
    readText: () => text === "missing" ? Promise.reject(new Error("No such file")) : Promise.resolve(text),
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
  const applied: string[][] = [];
  const watch = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
    intervalMs: 60_000,
    log: () => {},
    readText: () => new Promise((resolve) => reads.push(resolve)),
  });
  try {
    text = "b\n";
    const first = watch.reload();
    const second = watch.reload();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(reads.length, 1, "a second read started before the first ended");
    reads[0](text);
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    text = "c\n";
    reads[1](text);
    await second;
    assert.deepEqual(applied, [["b"], ["c"]]);
  } finally {
    watch.stop();
  }
});
