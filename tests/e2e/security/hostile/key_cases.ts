/**
 * Hostile bearer tokens against a service that verifies with public keys: forged algorithms,
 * key-location headers, our public key used as an HMAC secret, missing or wrong claims.
 * @module
 */
import { claims, hmacToken, HS256, unsigned } from "../../../support/jwt.ts";
import { headerFor, keyToken, type TestKey } from "../../../support/key_jwt.ts";
import { DENIED, HELLO, type HostileCase, INVALID, withAuth } from "./case.ts";

const bearer = (token: string) => withAuth("/secure", `Bearer ${token}`);
const deny = (name: string, token: string): HostileCase => ({
  name,
  request: bearer(token),
  status: 401,
  body: DENIED,
  headers: INVALID,
});

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
    deny(
      "HS256 keyed with our public key's PEM, our kid",
      hmacToken({ ...HS256, kid: key.kid }, good, key.publicPem),
    ),
    deny("HS256 keyed with our public key's PEM, no kid", hmacToken(HS256, good, key.publicPem)),
    deny(
      "HS256 keyed with our public key's x coordinate",
      hmacToken({ ...HS256, kid: key.kid }, good, key.signing.public.jwk.x),
    ),
    deny("alg none with our kid, no signature", `${unsigned({ alg: "none", kid: key.kid }, good)}.`),
    deny(
      "alg none with our kid and our real signature",
      `${unsigned({ alg: "none", kid: key.kid }, good)}.${(await ours({})).split(".")[2]}`,
    ),
    deny("alg RS256 header", await ours({ alg: "RS256" })),
    deny("alg of the other curve", await ours({ alg: key.alg === "EdDSA" ? "ES256" : "EdDSA" })),
    deny("alg in lower case", await ours({ alg: key.alg.toLowerCase() })),
    deny("kid of a key we do not know", await keyToken(headerFor(stranger), good, stranger)),
    deny("our kid, signed by another key", await keyToken(headerFor(key), good, stranger)),
    deny("kid pointing at a file", await ours({ kid: "../../../../etc/passwd" })),
    deny("kid pointing at a URL", await ours({ kid: "http://127.0.0.1:1/key.pem" })),
    deny("no kid", await keyToken({ alg: key.alg, typ: "JWT" }, good, key)),
    deny("jku header", await ours({ jku: "http://127.0.0.1:1/jwks.json" })),
    deny("x5u header", await ours({ x5u: "http://127.0.0.1:1/cert.pem" })),
    deny(
      "jwk header with the attacker's key",
      await keyToken({ ...headerFor(stranger), jwk: stranger.signing.public.jwk }, good, stranger),
    ),
    deny("jwk header with our own key", await ours({ jwk: key.signing.public.jwk })),
    deny("x5c header", await ours({ x5c: ["MIIB"] })),
    deny("crit header", await ours({ crit: ["exp"], exp: 1 })),
    deny("b64:false header", await ours({ b64: false, crit: ["b64"] })),
    deny("no exp", await ours({}, { ...good, exp: undefined })),
    deny("exp as a string", await ours({}, claims({ exp: String(now + 3600) }))),
    deny("expired", await ours({}, claims({ exp: now - 3600 }))),
    deny("another issuer", await ours({}, claims({ iss: "evil.example" }))),
    deny("no issuer", await ours({}, { ...good, iss: undefined })),
    deny("issued in the future", await ours({}, claims({ iat: now + 3600 }))),
    deny("signature cut short", (await ours({})).slice(0, -2)),
    deny("signature of 65 bytes", `${(await ours({})).slice(0, -1)}AA`),
  ];
}
