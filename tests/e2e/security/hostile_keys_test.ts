import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { sendRaw } from "../../support/raw_http.ts";
import { DENIED, HELLO, type HostileCase, INVALID, SECRET, withAuth } from "./hostile/case.ts";
import { keyCases } from "./hostile/key_cases.ts";
import { claims, hmacToken, HS256 } from "../../support/jwt.ts";
import { testKey, writeTestKey } from "../../support/key_jwt.ts";

const [ed, ec, stranger] = await Promise.all([testKey("EdDSA"), testKey("ES256"), testKey("EdDSA")]);
const courseToken = withAuth("/secure", `Bearer ${hmacToken(HS256, claims(), SECRET)}`);

async function run(t: Deno.TestContext, mode: string, args: string[], cases: HostileCase[]): Promise<void> {
  const app = await startApp(mode, args);
  const port = Number(new URL(app.url).port);
  try {
    for (const c of cases) {
      await t.step(c.name, async () => {
        const answer = await sendRaw(port, c.request);
        assert.equal(answer.status, c.status);
        if (typeof c.body === "string") assert.equal(answer.body, c.body);
        for (const [name, value] of Object.entries(c.headers ?? {})) {
          assert.equal(answer.headers.get(name), value);
        }
        const hello = await fetch(`${app.url}/`);
        assert.equal(await hello.text(), HELLO, "the HTTP service stopped answering");
      });
    }
  } finally {
    assert.equal((await app.stop()).code, 0);
  }
  assert.doesNotMatch(app.stderr(), /internal error|Uncaught|panic/);
  assert.doesNotMatch(app.stdout(), /" 5\d\d /, "a request was answered with a 5xx");
}

Deno.test("hostile tokens against hello verifying with public keys only (Ed25519 and P-256)", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const edPaths = await writeTestKey(dir, ed, "ed");
    const ecPaths = await writeTestKey(dir, ec, "ec");
    const cases = [
      ...await keyCases(ed, stranger),
      ...(await keyCases(ec, stranger)).map((c) => ({ ...c, name: `P-256: ${c.name}` })),
      // No secret was chosen: the course's HS256 tokens are not accepted beside the keys.
      {
        name: "an HS256 token with a secret hello does not hold",
        request: courseToken,
        status: 401,
        body: DENIED,
        headers: INVALID,
      },
    ];
    assert.ok(cases.length >= 55);
    await run(t, "hello", ["-verify-key", edPaths.verify, "-verify-key", ecPaths.verify], cases);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hostile tokens against a monolith that signs with a key and still accepts the chosen HS256 secret", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const paths = await writeTestKey(dir, ed);
    const cases = [
      ...await keyCases(ed, stranger),
      {
        name: "an HS256 token with the chosen secret (switch-over control)",
        request: courseToken,
        status: 200,
        body: HELLO,
      },
    ];
    await run(t, "monolith", ["-signing-key", paths.signing, "-secret", SECRET], cases);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
