import assert from "node:assert/strict";
import { startApp } from "../../../scripts/lib/app_process.ts";
import { claims, hmacToken, HS256, unsigned } from "../../support/jwt.ts";
import { basicAuth as basic } from "../../support/credentials.ts";

const SECRET = "canary-secret-Vq8rT2";
const PASSWORDS = ["canary-password-1xK", "canary-password-2yL", `canary-password-3zM${"p".repeat(80)}`];
const now = Math.floor(Date.now() / 1000);

for (const format of ["text", "json"] as const) {
  Deno.test(`no 401 path puts a token, password, secret or Authorization value in stdout, stderr or a response (${format} logs)`, async () => {
    await hygiene(format);
  });
}

async function hygiene(format: "text" | "json") {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/secret`, `${SECRET}\n`);
  const app = await startApp("monolith", ["-secret-file", `${dir}/secret`, "-log-format", format]);
  const seen: string[] = [];
  const sensitive = new Set<string>([SECRET, ...PASSWORDS]);
  try {
    const login = await fetch(`${app.url}/login`, { headers: { Authorization: basic("user:password") } });
    const valid: string = (await login.json()).token;
    const tokens = [
      hmacToken(HS256, claims({ exp: now - 60 }), SECRET),
      hmacToken(HS256, claims({ iss: "evil" }), SECRET),
      hmacToken(HS256, claims(), "another-secret"),
      `${unsigned({ alg: "none", typ: "JWT" }, claims())}.`,
      `${valid}x`,
      `${valid.slice(0, 40)}`,
      `canary-${"t".repeat(5000)}`,
    ];
    const authorizations: [string, string][] = [
      ...tokens.map((t): [string, string] => ["/secure", `Bearer ${t}`]),
      ["/secure", `Bearer ${valid} trailing`],
      ["/secure", `Token ${valid}`],
      ["/secure", basic(`user:${PASSWORDS[0]}`)],
      ["/login", `Bearer ${valid}`],
      ["/login", basic(`user:${PASSWORDS[0]}`)],
      ["/login", basic(`nobody:${PASSWORDS[1]}`)],
      ["/login", basic(`user:${PASSWORDS[2]}`)],
      ["/login", basic(PASSWORDS[1])],
      ["/login", `Basic !${PASSWORDS[0]}`],
      ["/login", basic(`:${PASSWORDS[1]}`)],
    ];
    for (const t of [valid, ...tokens]) {
      sensitive.add(t);
      if (t.split(".")[2]) sensitive.add(t.split(".")[2]);
    }
    for (const [, value] of authorizations) sensitive.add(value).add(value.replace(/^\S+\s+/, ""));

    const requests: [string, string, Record<string, string>][] = [
      ["GET", "/secure", {}],
      ["GET", "/login", {}],
      ...authorizations.flatMap(([path, value]): [string, string, Record<string, string>][] =>
        ["GET", "HEAD"].map((method) => [method, path, { Authorization: value }])
      ),
    ];
    for (const [method, path, headers] of requests) {
      const response = await fetch(`${app.url}${path}`, { method, headers });
      assert.equal(response.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
      seen.push(await response.text(), ...[...response.headers].map(([k, v]) => `${k}: ${v}`));
    }
    // Two Authorization headers cannot be sent with fetch; the hostile table covers them.
    console.log(`401 paths driven: ${requests.length}`);
  } finally {
    const status = await app.stop();
    assert.equal(status.code, 0);
    await Deno.remove(dir, { recursive: true });
  }
  const outputs = { stdout: app.stdout(), stderr: app.stderr(), responses: seen.join("\n") };
  assert.match(
    outputs.stdout,
    format === "text"
      ? /"GET \/login HTTP\/1\.1" 401 /
      : /"method":"GET","route":"\/login","path":"\/login","status":401,/,
    "the access log should still record the requests",
  );
  if (format === "json") {
    for (const line of `${outputs.stdout}${outputs.stderr}`.trim().split("\n")) {
      assert.equal(typeof JSON.parse(line).msg, "string", line);
    }
  }
  for (const [where, text] of Object.entries(outputs)) {
    for (const value of sensitive) {
      assert.ok(!text.includes(value), `${where} contains ${JSON.stringify(value.slice(0, 60))}`);
    }
  }
}
