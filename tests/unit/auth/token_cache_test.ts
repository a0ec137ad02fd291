import assert from "node:assert/strict";
import { TokenCache } from "../../../src/auth/token_cache.ts";

/** Offers twice: the cache admits a key on its second sighting. */
function put<T>(cache: TokenCache<T>, key: string, value: T, fromMs: number, untilMs: number) {
  cache.set(key, value, fromMs, untilMs);
  cache.set(key, value, fromMs, untilMs);
}

Deno.test("the token cache admits a token the second time it is offered", () => {
  const cache = new TokenCache<string>(10);
  cache.set("t", "claims", 0, 10);
  assert.equal(cache.get("t", 5), undefined);
  cache.set("t", "claims", 0, 10);
  assert.equal(cache.get("t", 5), "claims");
});

Deno.test("a stream of tokens each seen once leaves the cache empty", () => {
  const cache = new TokenCache<number>(10);
  for (let i = 0; i < 1000; i++) cache.set(`token-${i}-signature`, i, 0, 10);
  assert.equal(cache.size, 0);
});

Deno.test("the token cache answers only inside an entry's validity window", () => {
  const cache = new TokenCache<string>(10);
  put(cache, "t", "claims", 1_000, 2_000);
  assert.equal(cache.get("t", 999), undefined);
  assert.equal(cache.size, 0);
  put(cache, "t", "claims", 1_000, 2_000);
  assert.equal(cache.get("t", 1_000), "claims");
  assert.equal(cache.get("t", 2_000), "claims");
  assert.equal(cache.get("t", 2_001), undefined);
  assert.equal(cache.size, 0);
});

Deno.test("the token cache holds at most its capacity, evicting the least recently used", () => {
  const cache = new TokenCache<number>(2);
  put(cache, "a", 1, 0, 10);
  put(cache, "b", 2, 0, 10);
  assert.equal(cache.get("a", 5), 1);
  put(cache, "c", 3, 0, 10);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("b", 5), undefined);
  assert.equal(cache.get("a", 5), 1);
  assert.equal(cache.get("c", 5), 3);
});

Deno.test("a token cache of size 0 remembers nothing", () => {
  const cache = new TokenCache<number>(0);
  put(cache, "a", 1, 0, 10);
  assert.equal(cache.get("a", 5), undefined);
});
