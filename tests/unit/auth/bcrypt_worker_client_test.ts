import assert from "node:assert/strict";
import { createBcryptWorkerClient } from "../../../src/auth/bcrypt_worker_client.ts";
import { PasswordCheckUnavailable } from "../../../src/auth/password.ts";
import { isOutOfDescriptors } from "../../../src/util/descriptors.ts";

Deno.test("bcrypt worker client: with too few descriptors left no worker starts; each login is busy, one line says why", async () => {
  const lines: string[] = [];
  const client = createBcryptWorkerClient({ mayStart: () => false, warn: (line) => lines.push(line) });
  for (let i = 0; i < 3; i++) {
    await assert.rejects(
      client.compare("password", "$2b$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234"),
      (error) => error instanceof PasswordCheckUnavailable && error.reason === "busy",
    );
  }
  assert.deepEqual(lines, ["bcrypt worker not started: too few file descriptors left; logins answer 503"]);
  client.close();
});

Deno.test("out of descriptors: EMFILE and ENFILE, as Deno words them, and nothing else", async (t) => {
  const cases: [string, unknown, boolean][] = [
    ["EMFILE", new Error("Too many open files (os error 24): open '/dev/null'"), true],
    ["ENFILE", new Error("Too many open files in system (os error 23)"), true],
    ["a missing file", new Deno.errors.NotFound("No such file or directory (os error 2)"), false],
    ["no permission", new Error('Requires read access to "/dev/null"'), false],
    ["not an error", "Too many open files", false],
  ];
  for (const [name, error, out] of cases) {
    await t.step(name, () => assert.equal(isOutOfDescriptors(error), out));
  }
});
