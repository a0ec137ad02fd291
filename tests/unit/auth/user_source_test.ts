import assert from "node:assert/strict";
import { UserSource } from "../../../src/auth/accounts/user_source.ts";
import { COURSE } from "../../../src/auth/accounts/course.ts";
import { parseHtpasswd } from "../../../src/auth/accounts/htpasswd.ts";

Deno.test("user source: serves its initial users until replaced, then only the new set", () => {
  const source = new UserSource(COURSE);
  assert.equal(source.current(), COURSE);
  const next = parseHtpasswd(`alice:$2a$10$${"a".repeat(53)}\n`);
  source.replace(next);
  assert.equal(source.current(), next);
  assert.equal(source.current().accounts.has("user"), false);
});
