import assert from "node:assert/strict";
import { createClientShare } from "../../../src/auth/fair_share.ts";
import { PasswordCheckUnavailable } from "../../../src/auth/password.ts";

/** Task start order, with a promise of the next start to wait on instead of a timer. */
class Starts extends Array<string> {
  #next = Promise.withResolvers<void>();
  /** Resolves when the next task starts. */
  next(): Promise<void> {
    return this.#next.promise;
  }
  started(name: string): void {
    this.push(name);
    this.#next.resolve();
    this.#next = Promise.withResolvers<void>();
  }
}

/** A task that finishes when `finish()` is called, recording the order tasks started in. */
function gate(started: string[] | Starts, name: string) {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve(name)));
  const record = () => started instanceof Starts ? started.started(name) : started.push(name);
  return { task: () => (record(), done), finish: () => finish() };
}

Deno.test("fair share: a lone client may fill the whole queue; past it, 503 busy", async () => {
  const share = createClientShare({ capacity: 4, running: 1 });
  const started: string[] = [];
  const gates = Array.from({ length: 4 }, (_, i) => gate(started, `a${i}`));
  const runs = gates.map((g) => share.run("a", g.task));
  await assert.rejects(share.run("a", () => Promise.resolve("x")), PasswordCheckUnavailable);
  for (const g of gates) g.finish();
  assert.deepEqual(await Promise.all(runs), ["a0", "a1", "a2", "a3"]);
});

Deno.test("fair share: a newcomer takes the busiest client's newest waiting place and runs next", async () => {
  const share = createClientShare({ capacity: 4, running: 1 });
  const started = new Starts();
  const a = Array.from({ length: 4 }, (_, i) => gate(started, `a${i}`));
  const runs = a.map((g) => share.run("a", g.task).catch((e) => e));
  const b = gate(started, "b0");
  const newcomer = share.run("b", b.task);
  assert.ok((await runs[3]) instanceof PasswordCheckUnavailable, "a's newest waiting login gave its place");
  const next = started.next();
  a[0].finish();
  await next;
  assert.deepEqual([...started], ["a0", "b0"], "b runs before a's other waiting logins");
  b.finish();
  assert.equal(await newcomer, "b0");
  a[1].finish();
  a[2].finish();
  assert.deepEqual(await Promise.all(runs.slice(0, 3)), ["a0", "a1", "a2"]);
});
