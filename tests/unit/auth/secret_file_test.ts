import assert from "node:assert/strict";
import { parseSecrets, watchSecretFile } from "../../../src/auth/secret_file.ts";
import { createTokenService } from "../../../src/auth/tokens.ts";
import { claims, hmacToken, HS256 } from "../../support/jwt.ts";

const user = { name: "user", email: "user@example.com" };

Deno.test("secret file: one secret per line, CRLF accepted, blank lines ignored", () => {
  assert.deepEqual(parseSecrets("new\nold\n"), ["new", "old"]);
  assert.deepEqual(parseSecrets("\n new one \r\n\n  \nold"), [" new one ", "old"]);
  assert.deepEqual(parseSecrets("\n\n \n"), []);
});

Deno.test("several secrets: the first signs, every one verifies, others are refused", () => {
  const service = createTokenService({ secret: ["new", "old"] });
  const issued = service.sign(user);
  assert.notEqual(createTokenService({ secret: "new" }).verify(issued), undefined);
  assert.equal(createTokenService({ secret: "old" }).verify(issued), undefined);
  assert.notEqual(service.verify(hmacToken(HS256, claims(), "old")), undefined);
  assert.notEqual(service.verify(hmacToken(HS256, claims(), "new")), undefined);
  assert.equal(service.verify(hmacToken(HS256, claims(), "other")), undefined);
});

Deno.test("secret file watcher: a change is applied; an empty or unreadable file is logged and the secrets kept", async () => {
  let text = "a\n";
  const applied: string[][] = [];
  const logs: string[] = [];
  const stop = watchSecretFile("/run/jwt", text, (secrets) => applied.push(secrets), {
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
    assert.equal(logs.filter((line) => /holds no secret; keeping/.test(line)).length, 1, logs.join("\n"));
    assert.equal(logs.filter((line) => /cannot read .*No such file; keeping/.test(line)).length, 1);
    text = "b\n";
    await settle();
    assert.deepEqual(applied, [["b", "a"], ["b"]]);
  } finally {
    stop();
  }
});
