import assert from "node:assert/strict";
import { type KeySource, layeredKeys, staticKeys } from "../../../src/keys/verifier.ts";
import type { VerifyKey } from "../../../src/keys/key_types.ts";

const key = (kid: string) => ({ kid }) as VerifyKey;

Deno.test("layered keys: own keys first, then the fetched set; only the fetched set refreshes", async () => {
  const refreshed: string[] = [];
  const fetched: KeySource = {
    get: (kid) => (kid === "shared" || kid === "theirs" ? key(`fetched:${kid}`) : undefined),
    refresh(kid) {
      refreshed.push(kid);
      return Promise.resolve();
    },
  };
  const keys = layeredKeys(staticKeys([key("own"), key("shared")]), fetched);
  assert.equal(keys.get("own")?.kid, "own");
  assert.equal(keys.get("shared")?.kid, "shared");
  assert.equal(keys.get("theirs")?.kid, "fetched:theirs");
  assert.equal(keys.get("nobody's"), undefined);
  await keys.refresh!("new");
  assert.deepEqual(refreshed, ["new"]);
});

Deno.test("layered keys: two fixed sets have nothing to refresh", () => {
  assert.equal(layeredKeys(staticKeys([]), staticKeys([key("a")])).refresh, undefined);
});
