import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { decoyHash, decoysFor } from "../../../src/auth/accounts/decoy.ts";

const BODY = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
const account = (cost: number, salt = "a") => ({ cost, hash: `$2y$${cost}$${salt}${BODY.slice(1)}` });
const costOf = (hash: string) => Number(/^\$2b\$(\d\d)\$/.exec(hash)![1]);
const names = Array.from({ length: 4_000 }, (_, i) => `nobody-${i}`);

/** How often each cost comes up as the decoy of `names`. */
function shares(decoyFor: (name: string) => string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const name of names) {
    const cost = costOf(decoyFor(name));
    counts.set(cost, (counts.get(cost) ?? 0) + 1);
  }
  return new Map([...counts].map(([cost, n]) => [cost, n / names.length]));
}

Deno.test("decoy: when all users share a cost every unknown name meets it; with no users, cost 10", () => {
  assert.equal(decoysFor([])("anyone"), decoyHash(10));
  const decoyFor = decoysFor([account(5), account(5)]);
  assert.deepEqual([...shares(decoyFor).keys()], [5]);
});

Deno.test("decoy: with mixed costs unknown names take the users' costs in the users' mix, never dearer than the dearest", async (t) => {
  const cases: [string, number[], Record<number, number>][] = [
    ["alice 10, bob 16", [10, 16], { 10: 0.5, 16: 0.5 }],
    ["three at 10, one at 12", [10, 10, 10, 12], { 10: 0.75, 12: 0.25 }],
    ["4, 8, 12", [4, 8, 12], { 4: 1 / 3, 8: 1 / 3, 12: 1 / 3 }],
  ];
  for (const [label, costs, want] of cases) {
    await t.step(label, () => {
      const got = shares(decoysFor(costs.map((cost, i) => account(cost, String(i)))));
      assert.deepEqual([...got.keys()].sort(), Object.keys(want).map(Number).sort(), "only the users' costs");
      for (const [cost, share] of got) {
        assert.ok(
          Math.abs(share - want[cost]) < 0.05,
          `cost ${cost}: ${share} of unknown names, want ${want[cost]}`,
        );
      }
    });
  }
});

Deno.test("decoy: a name always meets the same decoy; another file (other salts) deals the names anew", () => {
  const one = decoysFor([account(10, "a"), account(16, "b")]);
  const again = decoysFor([account(10, "a"), account(16, "b")]);
  const other = decoysFor([account(10, "c"), account(16, "d")]);
  assert.ok(
    names.every((name) => one(name) === one(name) && one(name) === again(name)),
    "stable, on every replica",
  );
  const moved = names.filter((name) => one(name) !== other(name)).length / names.length;
  assert.ok(moved > 0.4 && moved < 0.6, `${moved} of names changed cost: the key is the file's hashes`);
});

Deno.test("decoy: a decoy matches no password", () => {
  for (const password of ["", "password", "x".repeat(72)]) {
    assert.equal(bcrypt.compareSync(password, decoyHash(4)), false);
  }
  assert.match(decoyHash(5), /^\$2b\$05\$[./A-Za-z0-9]{53}$/);
});
