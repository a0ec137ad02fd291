/**
 * Hostile bearer tokens against a service that verifies with public keys: forged algorithms,
 * key-location headers, our public key used as an HMAC secret, missing or wrong claims.
 * @module
 */
import { claims, hmacToken, HS256, unsigned } from "../../../support/jwt.ts";
import { headerFor, keyToken, type TestKey } from "../../../support/key_jwt.ts";
import { bearer, denyToken, HELLO, type HostileCase } from "./case.ts";

/** The cases for a service verifying with `key`; `stranger` is a key it does not know. */
export async function keyCases(key: TestKey, stranger: TestKey): Promise<HostileCase[]> {
  const good = claims();
  const now = Math.floor(Date.now() / 1000);
  const ours = (header: object, payload: object = good) =>
    keyToken({ ...headerFor(key), ...header }, payload, key);
  return [
    {
      name: "a token signed with our key (control)",
      request: bearer(await ours({})),
      status: 200,
      body: HELLO,
    },
    denyToken(
      "HS256 keyed with our public key's PEM, our kid",
      hmacToken({ ...HS256, kid: key.kid }, good, key.publicPem),
    ),
    denyToken("HS256 keyed with our public key's PEM, no kid", hmacToken(HS256, good, key.publicPem)),
    denyToken(
      "HS256 keyed with our public key's x coordinate",
      hmacToken({ ...HS256, kid: key.kid }, good, key.signing.public.jwk.x),
    ),
    denyToken("alg none with our kid, no signature", `${unsigned({ alg: "none", kid: key.kid }, good)}.`),
    denyToken(
      "alg none with our kid and our real signature",
      `${unsigned({ alg: "none", kid: key.kid }, good)}.${(await ours({})).split(".")[2]}`,
    ),
    denyToken("alg RS256 header", await ours({ alg: "RS256" })),
    denyToken("alg of the other curve", await ours({ alg: key.alg === "EdDSA" ? "ES256" : "EdDSA" })),
    denyToken("alg in lower case", await ours({ alg: key.alg.toLowerCase() })),
    denyToken("kid of a key we do not know", await keyToken(headerFor(stranger), good, stranger)),
    denyToken("our kid, signed by another key", await keyToken(headerFor(key), good, stranger)),
    denyToken("kid pointing at a file", await ours({ kid: "../../../../etc/passwd" })),
    denyToken("kid pointing at a URL", await ours({ kid: "http://127.0.0.1:1/key.pem" })),
    denyToken("no kid", await keyToken({ alg: key.alg, typ: "JWT" }, good, key)),
    denyToken("jku header", await ours({ jku: "http://127.0.0.1:1/jwks.json" })),
    denyToken("x5u header", await ours({ x5u: "http://127.0.0.1:1/cert.pem" })),
    denyToken(
      "jwk header with the attacker's key",
      await keyToken({ ...headerFor(stranger), jwk: stranger.signing.public.jwk }, good, stranger),
    ),
    denyToken("jwk header with our own key", await ours({ jwk: key.signing.public.jwk })),
    denyToken("x5c header", await ours({ x5c: ["MIIB"] })),
    denyToken("crit header", await ours({ crit: ["exp"], exp: 1 })),
    denyToken("b64:false header", await ours({ b64: false, crit: ["b64"] })),
    denyToken("no exp", await ours({}, { ...good, exp: undefined })),
    denyToken("exp as a string", await ours({}, claims({ exp: String(now + 3600) }))),
    denyToken("expired", await ours({}, claims({ exp: now - 3600 }))),
    denyToken("another issuer", await ours({}, claims({ iss: "evil.example" }))),
    denyToken("no issuer", await ours({}, { ...good, iss: undefined })),
    denyToken("issued in the future", await ours({}, claims({ iat: now + 3600 }))),
    denyToken("signature cut short", (await ours({})).slice(0, -2)),
    denyToken("signature of 65 bytes", `${(await ours({})).slice(0, -1)}AA`),
  ];
}
