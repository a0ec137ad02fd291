import assert from "node:assert/strict";
import { TokenCache } from "../src/token_cache.ts";

Deno.test("the token cache answers only inside an entry's validity window", () => {
  const cache = new TokenCache<string>(10);
  cache.set("t", "claims", 1_000, 2_000);
  assert.equal(cache.get("t", 999), undefined);
  assert.equal(cache.size, 0);
  cache.set("t", "claims", 1_000, 2_000);
  assert.equal(cache.get("t", 1_000), "claims");
  assert.equal(cache.get("t", 2_000), "claims");
  assert.equal(cache.get("t", 2_001), undefined);
  assert.equal(cache.size, 0);
});

Deno.test("the token cache holds at most its capacity, evicting the least recently used", () => {
  const cache = new TokenCache<number>(2);
  cache.set("a", 1, 0, 10);
  cache.set("b", 2, 0, 10);
  assert.equal(cache.get("a", 5), 1);
  cache.set("c", 3, 0, 10);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("b", 5), undefined);
  assert.equal(cache.get("a", 5), 1);
  assert.equal(cache.get("c", 5), 3);
});

Deno.test("a token cache of size 0 remembers nothing", () => {
  const cache = new TokenCache<number>(0);
  cache.set("a", 1, 0, 10);
  assert.equal(cache.get("a", 5), undefined);
});
