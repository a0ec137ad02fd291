import assert from "node:assert/strict";
import { createHs256TokenService } from "../../../src/auth/hs256_tokens.ts";
import type { Claims } from "../../../src/auth/jwt/claims.ts";
import {
  dispatchTokens,
  type KeyTokens,
  type TokenNeeds,
  type TokenPolicy,
  tokenPolicy,
} from "../../../src/auth/token_dispatch.ts";

const USER = { name: "user", email: "user@example.com" };
const MONOLITH = { signs: true, verifies: true };
const AUTH = { signs: true, verifies: false };
const HELLO = { signs: false, verifies: true };
const NO_KEYS = { keySigns: false, keyVerifies: false };
// -signing-key: in a mode that verifies, its public half verifies too.
const SIGNING_KEY = { keySigns: true, keyVerifies: true };
const VERIFY_KEYS = { keySigns: false, keyVerifies: true };

Deno.test("token policy: what HS256 does in each mode with and without keys and a chosen secret", async (t) => {
  const cases: [string, TokenNeeds, TokenPolicy][] = [
    ["monolith, course secret", { ...MONOLITH, ...NO_KEYS, chosenSecret: false }, {
      hs256Signs: true,
      hs256Verifies: true,
      refusesHs256: false,
      usesDefaultSecret: true,
    }],
    ["monolith, signing key, course secret", { ...MONOLITH, ...SIGNING_KEY, chosenSecret: false }, {
      hs256Signs: false,
      hs256Verifies: false,
      refusesHs256: true,
      usesDefaultSecret: false,
    }],
    ["monolith, signing key, chosen secret", { ...MONOLITH, ...SIGNING_KEY, chosenSecret: true }, {
      hs256Signs: false,
      hs256Verifies: true,
      refusesHs256: false,
      usesDefaultSecret: false,
    }],
    ["monolith, verify keys only: it verifies what it signs", {
      ...MONOLITH,
      ...VERIFY_KEYS,
      chosenSecret: false,
    }, {
      hs256Signs: true,
      hs256Verifies: true,
      refusesHs256: false,
      usesDefaultSecret: true,
    }],
    ["hello, verify keys, course secret", { ...HELLO, ...VERIFY_KEYS, chosenSecret: false }, {
      hs256Signs: false,
      hs256Verifies: false,
      refusesHs256: true,
      usesDefaultSecret: false,
    }],
    ["hello, verify keys, chosen secret", { ...HELLO, ...VERIFY_KEYS, chosenSecret: true }, {
      hs256Signs: false,
      hs256Verifies: true,
      refusesHs256: false,
      usesDefaultSecret: false,
    }],
    ["hello, no keys, course secret", { ...HELLO, ...NO_KEYS, chosenSecret: false }, {
      hs256Signs: false,
      hs256Verifies: true,
      refusesHs256: false,
      usesDefaultSecret: true,
    }],
    ["auth, signing key (it verifies nothing)", {
      ...AUTH,
      keySigns: true,
      keyVerifies: false,
      chosenSecret: false,
    }, {
      hs256Signs: false,
      hs256Verifies: false,
      refusesHs256: false,
      usesDefaultSecret: false,
    }],
    ["auth, chosen secret", { ...AUTH, ...NO_KEYS, chosenSecret: true }, {
      hs256Signs: true,
      hs256Verifies: false,
      refusesHs256: false,
      usesDefaultSecret: false,
    }],
  ];
  for (const [name, needs, policy] of cases) {
    await t.step(name, () => assert.deepEqual(tokenPolicy(needs), policy));
  }
});

/** Key verification that records what it was asked and accepts everything as `key-user`. */
function recordingKeys(): KeyTokens & { asked: string[] } {
  const asked: string[] = [];
  const claims = { sub: "key-user" } as Claims;
  return {
    asked,
    sign: () => Promise.resolve("key-signed"),
    verify: (token) => {
      asked.push(token);
      return claims;
    },
  };
}

const hs256 = createHs256TokenService({ secret: "chosen" });
const HS256_TOKEN = hs256.sign(USER);
// A key token's header names its algorithm and kid; dispatch looks at nothing else.
const KEY_TOKEN = `${btoa(JSON.stringify({ alg: "EdDSA", kid: "k1", typ: "JWT" }))}.e30.c2ln`;

Deno.test("token dispatch: which verifier each token reaches", async (t) => {
  await t.step("an HS256 header goes to the secret when keys also verify", async () => {
    const keys = recordingKeys();
    const tokens = dispatchTokens(tokenPolicy({ ...HELLO, ...VERIFY_KEYS, chosenSecret: true }), hs256, keys);
    assert.equal((await tokens.verify(HS256_TOKEN))?.sub, "user");
    assert.deepEqual(keys.asked, []);
  });
  await t.step("any other header goes to the keys", async () => {
    const keys = recordingKeys();
    const tokens = dispatchTokens(tokenPolicy({ ...HELLO, ...VERIFY_KEYS, chosenSecret: true }), hs256, keys);
    assert.equal((await tokens.verify(KEY_TOKEN))?.sub, "key-user");
    assert.deepEqual(keys.asked, [KEY_TOKEN]);
  });
  await t.step("without keys, every token goes to the secret (a key token is refused)", async () => {
    const tokens = dispatchTokens(tokenPolicy({ ...HELLO, ...NO_KEYS, chosenSecret: true }), hs256, {});
    assert.equal((await tokens.verify(HS256_TOKEN))?.sub, "user");
    assert.equal(await tokens.verify(KEY_TOKEN), undefined);
  });
  await t.step(
    "keys only (refusesHs256): a token valid under the secret is refused, keys not asked",
    async () => {
      const keys = recordingKeys();
      const refusing = tokenPolicy({ ...HELLO, ...VERIFY_KEYS, chosenSecret: false });
      assert.equal(refusing.refusesHs256, true);
      const tokens = dispatchTokens(refusing, undefined, keys);
      assert.equal(await tokens.verify(HS256_TOKEN), undefined);
      assert.deepEqual(keys.asked, []);
      assert.equal((await tokens.verify(KEY_TOKEN))?.sub, "key-user");
    },
  );
});

Deno.test("token dispatch: who signs", async (t) => {
  await t.step("a private key signs instead of the secret", async () => {
    const tokens = dispatchTokens(
      tokenPolicy({ ...MONOLITH, ...SIGNING_KEY, chosenSecret: true }),
      hs256,
      recordingKeys(),
    );
    assert.equal(await tokens.sign(USER), "key-signed");
  });
  await t.step("without a key, the secret signs", async () => {
    const tokens = dispatchTokens(tokenPolicy({ ...AUTH, ...NO_KEYS, chosenSecret: true }), hs256, {});
    assert.equal(hs256.verify(await tokens.sign(USER))?.sub, "user");
  });
  await t.step("a mode that issues no tokens throws when asked to sign", () => {
    const tokens = dispatchTokens(tokenPolicy({ ...HELLO, ...NO_KEYS, chosenSecret: true }), hs256, {});
    assert.throws(() => tokens.sign(USER), /does not issue tokens/);
  });
});

Deno.test("token dispatch: a policy that uses HS256 without an HS256 service is a wiring mistake", () => {
  assert.throws(
    () => dispatchTokens(tokenPolicy({ ...HELLO, ...NO_KEYS, chosenSecret: false }), undefined, {}),
    /HS256/,
  );
});
