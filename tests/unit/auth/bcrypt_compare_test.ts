import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { compareBcrypt } from "../../../src/auth/bcrypt_compare.ts";

const Y72 = "y".repeat(72);
// Written by `htpasswd -nbBC 4 u PASSWORD` (Apache's $2y$).
const HTPASSWD: [string, string][] = [
  ["", "$2y$04$Xb6VFpuYQtXK0PzoUER6A.uG40YFYPuGHM7DXv3FVjg1uB9.JEWCC"],
  ["password", "$2y$04$QRX8dc0Hi1maiAPzRquCr.FYVnURdCdEeA/fWHboQGNw6ew3onV/y"],
  ["pässwörd 😀", "$2y$04$LdAIuGL3A9PCoYzIIkyFPu535vsq1y6MBWs34DvD4.OfbkXnzPZme"],
  [Y72, "$2y$04$OM23tLcsOG0.LsvsTcX.AOdolxtp7hm1UQMQvrkUW3M.s6KTgHyVW"],
];

Deno.test("compareBcrypt: accepts htpasswd's hashes for their password and refuses the others", async (t) => {
  for (const [password, hash] of HTPASSWD) {
    await t.step(JSON.stringify(password.slice(0, 12)), async () => {
      assert.equal(await compareBcrypt(password, hash), true);
      for (const [other] of HTPASSWD.filter(([p]) => p !== password)) {
        assert.equal(await compareBcrypt(other, hash), false, JSON.stringify(other));
      }
    });
  }
});

Deno.test("compareBcrypt: agrees with bcryptjs on every prefix, for empty, NUL, multibyte and 71-72 byte passwords", async () => {
  const passwords = [
    "",
    "\0",
    "a",
    "password",
    "é".repeat(36),
    "x".repeat(71),
    "x".repeat(72),
    "ü😀".repeat(12),
  ];
  for (const prefix of ["$2a$", "$2b$", "$2y$"]) {
    for (const password of passwords) {
      const hash = prefix + bcrypt.hashSync(password, 4).slice(4);
      for (const candidate of passwords) {
        const expected = bcrypt.compareSync(candidate, hash);
        assert.equal(await compareBcrypt(candidate, hash), expected, `${prefix} ${password} vs ${candidate}`);
      }
    }
  }
});

Deno.test("compareBcrypt: false, not a throw, for a malformed hash or a password over 72 bytes", async () => {
  const [, hash] = HTPASSWD[3];
  assert.equal(await compareBcrypt(`${Y72}y`, hash), false);
  for (
    const bad of [
      "",
      "not a hash",
      "$2y$03$" + hash.slice(7),
      "$2y$32$" + hash.slice(7),
      hash.slice(0, 59),
      "$1$abc",
    ]
  ) {
    assert.equal(await compareBcrypt("password", bad), false, bad);
  }
});

Deno.test("compareBcrypt: throws, not false, when bcrypt cannot run (no WebAssembly, as under --jitless)", async () => {
  const [password, hash] = HTPASSWD[1];
  const wasm = Object.getOwnPropertyDescriptor(globalThis, "WebAssembly")!;
  delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
  try {
    await assert.rejects(compareBcrypt(password, hash));
  } finally {
    Object.defineProperty(globalThis, "WebAssembly", wasm);
  }
  assert.equal(await compareBcrypt(password, hash), true);
});
