import assert from "node:assert/strict";
import * as jose from "jose";
import { type AppProcess, startApp } from "../../scripts/lib/app_process.ts";
import { testKey, writeTestKey } from "../support/key_jwt.ts";
import { createKeySigner } from "../../src/keys/signer.ts";
import { createKeyVerifier, staticKeys } from "../../src/keys/verifier.ts";
import { jwkSet } from "../../src/keys/jwk.ts";
import { basicHeaders } from "../support/credentials.ts";

// npm `jose` (test-only, pinned in deno.json) is the independent, maintained oracle.
const user = { name: "user", email: "user@example.com" };

async function joseToken(alg: string, kid: string, privatePem: string): Promise<string> {
  const key = await jose.importPKCS8(privatePem, alg);
  return await new jose.SignJWT({ email: "user@example.com" })
    .setProtectedHeader({ alg, kid, typ: "JWT" })
    .setSubject("user")
    .setIssuer("auth.service")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key);
}

Deno.test("jose verifies our auth's tokens against our auth's JWKS URL, and hello accepts jose's tokens signed with our key", async () => {
  const dir = await Deno.makeTempDir();
  const apps: AppProcess[] = [];
  try {
    const key = await testKey("EdDSA");
    const paths = await writeTestKey(dir, key);
    const auth = await startApp("auth", ["-signing-key", paths.signing]);
    apps.push(auth);
    const hello = await startApp("hello", ["-jwks-url", `${auth.url}/.well-known/jwks.json`]);
    apps.push(hello);

    const login = await fetch(`${auth.url}/login`, {
      headers: basicHeaders("user:password"),
    });
    const { token } = await login.json();
    const jwks = jose.createRemoteJWKSet(new URL(`${auth.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jose.jwtVerify(token, jwks, {
      issuer: "auth.service",
      algorithms: ["EdDSA"],
      requiredClaims: ["exp", "iat", "sub"],
    });
    assert.equal(payload.sub, "user");
    assert.equal(protectedHeader.kid, key.kid);
    assert.equal(protectedHeader.kid, await jose.calculateJwkThumbprint(key.signing.public.jwk as jose.JWK));

    const theirs = await joseToken("EdDSA", key.kid, key.privatePem);
    const response = await fetch(`${hello.url}/secure`, { headers: { Authorization: `Bearer ${theirs}` } });
    assert.equal(response.status, 200, await response.text());
  } finally {
    for (const app of apps) await app.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

for (const alg of ["EdDSA", "ES256"] as const) {
  Deno.test(`${alg}: jose and we agree both ways on tokens, JWKs and thumbprints`, async () => {
    const key = await testKey(alg);
    const set = jose.createLocalJWKSet(jwkSet([key.signing.public]) as unknown as jose.JSONWebKeySet);
    const ours = await createKeySigner(key.signing)(user);
    const verified = await jose.jwtVerify(ours, set, { issuer: "auth.service", algorithms: [alg] });
    assert.equal(verified.payload.email, "user@example.com");

    const verify = createKeyVerifier(staticKeys([key.signing.public]));
    assert.equal((await verify(await joseToken(alg, key.kid, key.privatePem)))?.sub, "user");
    // Our SPKI file, read by jose, checks our token too.
    const spki = await jose.importSPKI(key.publicPem, alg);
    assert.ok(await jose.jwtVerify(ours, spki, { algorithms: [alg] }));
    // jose's token for another issuer is refused by us.
    const key2 = await jose.importPKCS8(key.privatePem, alg);
    const foreign = await new jose.SignJWT({}).setProtectedHeader({ alg, kid: key.kid }).setIssuer("evil")
      .setSubject("user").setExpirationTime("1h").sign(key2);
    assert.equal(await verify(foreign), undefined);
  });
}
