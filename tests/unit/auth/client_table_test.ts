import assert from "node:assert/strict";
import { createClientTable } from "../../../src/auth/client_table.ts";

/** An entry is blocked until its `until` time. */
type Entry = { until: number };
const table = () => createClientTable<Entry>((entry, at) => at < entry.until);
const open = { until: 0 };
const blockedUntil = (until: number) => ({ until });

Deno.test("client table: remembers, replaces and forgets clients", () => {
  const clients = table();
  assert.equal(clients.size, 0);
  assert.equal(clients.get("a"), undefined);
  clients.set("a", open, 10);
  clients.set("b", blockedUntil(100), 10);
  assert.equal(clients.size, 2);
  assert.equal(clients.get("a"), open);
  assert.deepEqual(clients.get("b"), { until: 100 });
  clients.set("b", open, 10); // unblocked: moves from one order to the other, never in both
  assert.equal(clients.size, 2);
  assert.equal(clients.get("b"), open);
  clients.set("a", blockedUntil(50), 10);
  assert.equal(clients.size, 2);
  clients.delete("a");
  clients.delete("b");
  clients.delete("never-seen");
  assert.equal(clients.size, 0);
  assert.equal(clients.get("a"), undefined);
});

Deno.test("client table: evict forgets the right client", async (t) => {
  await t.step("the longest quiet open client, not a blocked one", () => {
    const clients = table();
    clients.set("blocked", blockedUntil(100), 0);
    clients.set("old", open, 1);
    clients.set("new", open, 2);
    clients.evict(10);
    assert.deepEqual(["blocked", "old", "new"].filter((c) => clients.get(c)), ["blocked", "new"]);
  });
  await t.step("recency is the last set, not the first", () => {
    const clients = table();
    clients.set("a", open, 1);
    clients.set("b", open, 2);
    clients.set("a", open, 3);
    clients.evict(10);
    assert.equal(clients.get("b"), undefined);
    assert.ok(clients.get("a"));
  });
  await t.step("a blocked client whose window is over, before any open one", () => {
    const clients = table();
    clients.set("was-blocked", blockedUntil(5), 0);
    clients.set("open", open, 1);
    clients.evict(5);
    assert.equal(clients.get("was-blocked"), undefined);
    assert.ok(clients.get("open"));
  });
  await t.step("a blocked client still blocked when no open client is left", () => {
    const clients = table();
    clients.set("first", blockedUntil(100), 0);
    clients.set("second", blockedUntil(100), 1);
    clients.evict(10);
    assert.equal(clients.get("first"), undefined);
    assert.ok(clients.get("second"));
  });
  await t.step("a flood of new addresses never displaces a blocked client", () => {
    const clients = table();
    clients.set("attacker", blockedUntil(1000), 0);
    for (let i = 0; i < 1000; i++) {
      if (clients.size >= 10) clients.evict(i);
      clients.set(`198.51.100.${i}`, open, i);
    }
    assert.equal(clients.size, 10);
    assert.deepEqual(clients.get("attacker"), { until: 1000 });
  });
  await t.step("evicting an empty table does nothing", () => {
    const clients = table();
    clients.evict(0);
    assert.equal(clients.size, 0);
  });
});
