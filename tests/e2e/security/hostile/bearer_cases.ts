/**
 * Hostile `Authorization` headers against `GET /secure`.
 * @module
 */
import { rawRequest } from "../../../support/raw_http.ts";
import { b64url, claims, hmacToken, HS256, unsigned } from "../../../support/jwt.ts";
import { BEARER, bearer, DENIED, denyToken, HELLO, type HostileCase, SECRET, withAuth } from "./case.ts";
import { basicAuth } from "../../../support/credentials.ts";

const now = Math.floor(Date.now() / 1000);
const good = hmacToken(HS256, claims(), SECRET);
const [goodHead, goodBody, goodSig] = good.split(".");
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// The same signature bytes spelled with one of the last character's two unused bits set.
const respelled = good.slice(0, -1) + B64URL[B64URL.indexOf(good.slice(-1)) ^ 1];
const signed = (header: unknown, payload: unknown) => hmacToken(header, payload, SECRET);

/** Bearer-token cases. */
export const BEARER_CASES: HostileCase[] = [
  { name: "a valid token (control)", request: bearer(good), status: 200, body: HELLO },
  {
    name: "no Authorization header",
    request: rawRequest("GET", "/secure"),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "empty Authorization header",
    request: withAuth("/secure", ""),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "Bearer alone",
    request: withAuth("/secure", "Bearer"),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "Bearer and spaces",
    request: withAuth("/secure", "Bearer    "),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "Basic scheme on /secure",
    request: withAuth("/secure", basicAuth("user:password")),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "Token scheme",
    request: withAuth("/secure", `Token ${good}`),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "Bearer glued to the token",
    request: withAuth("/secure", `Bearer${good}`),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "odd case bEaReR (scheme is case-insensitive)",
    request: withAuth("/secure", `bEaReR ${good}`),
    status: 200,
    body: HELLO,
  },
  {
    name: "tab and spaces after Bearer",
    request: withAuth("/secure", `Bearer \t  ${good}`),
    status: 200,
    body: HELLO,
  },
  {
    name: "a second word after the token",
    request: withAuth("/secure", `Bearer ${good} extra`),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "two Authorization headers",
    request: rawRequest("GET", "/secure", [["Authorization", `Bearer ${good}`], [
      "Authorization",
      `Bearer ${good}`,
    ]]),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "token in the query string instead",
    request: rawRequest("GET", `/secure?access_token=${good}`),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  denyToken("non-base64url segments", "a$b.c!d.e*f"),
  denyToken("two segments", `${goodHead}.${goodBody}`),
  denyToken("four segments", `${good}.${goodSig}`),
  denyToken("empty segments", ".."),
  denyToken("a trailing dot", `${good}.`),
  denyToken("8 KB token", "a".repeat(8192)),
  denyToken("non-UTF-8 bytes", "\xff\xfe\xfd"),
  denyToken("non-JSON header", `${b64url("not json")}.${goodBody}.${goodSig}`),
  denyToken("non-JSON payload", signed(HS256, "not json")),
  denyToken("payload is a JSON array", signed(HS256, "[1,2]")),
  denyToken("payload is a JSON number", signed(HS256, "42")),
  denyToken("alg none, empty signature", `${unsigned({ alg: "none", typ: "JWT" }, claims())}.`),
  denyToken(
    "alg none, HS256 signature kept",
    `${unsigned({ alg: "none", typ: "JWT" }, claims())}.${goodSig}`,
  ),
  denyToken("alg lowercase hs256", signed({ alg: "hs256", typ: "JWT" }, claims())),
  denyToken(
    "alg HS512 signed with the secret",
    hmacToken({ alg: "HS512", typ: "JWT" }, claims(), SECRET, "sha512"),
  ),
  denyToken("alg RS256 header, HMAC signature", signed({ alg: "RS256", typ: "JWT" }, claims())),
  denyToken("kid header", signed({ ...HS256, kid: "../../dev/null" }, claims())),
  denyToken("jku header", signed({ ...HS256, jku: "http://127.0.0.1:1/jwks.json" }, claims())),
  denyToken("x5u header", signed({ ...HS256, x5u: "http://127.0.0.1:1/cert.pem" }, claims())),
  denyToken("embedded jwk header", signed({ ...HS256, jwk: { kty: "oct", k: b64url("k") } }, claims())),
  denyToken("crit header", signed({ ...HS256, crit: ["exp"] }, claims())),
  denyToken("typ other than JWT", signed({ alg: "HS256", typ: "JWE" }, claims())),
  denyToken("valid signature with a different secret", hmacToken(HS256, claims(), "secret")),
  denyToken("exp missing", signed(HS256, claims({ exp: undefined }))),
  denyToken("exp in the past", signed(HS256, claims({ exp: now - 3600 }))),
  denyToken("exp as a string", signed(HS256, claims({ exp: String(now + 3600) }))),
  denyToken("exp negative", signed(HS256, claims({ exp: -1 }))),
  denyToken("nbf in the future", signed(HS256, claims({ nbf: now + 3600 }))),
  denyToken("iat in the future", signed(HS256, claims({ iat: now + 3600 }))),
  denyToken("wrong iss", signed(HS256, claims({ iss: "evil.service" }))),
  denyToken("iss missing", signed(HS256, claims({ iss: undefined }))),
  denyToken("sub missing", signed(HS256, claims({ sub: undefined }))),
  denyToken(
    "payload edited after signing",
    `${goodHead}.${b64url(JSON.stringify(claims({ sub: "admin" })))}.${goodSig}`,
  ),
  denyToken(
    "signature of another token",
    `${goodHead}.${goodBody}.${hmacToken(HS256, claims({ sub: "x" }), SECRET).split(".")[2]}`,
  ),
  denyToken("signature re-spelled with non-zero padding bits", respelled),
  denyToken("signature truncated", `${goodHead}.${goodBody}.${goodSig.slice(0, -2)}`),
  {
    name: "100 KB token (header over the server's limit)",
    request: bearer("a".repeat(100_000)),
    status: 400,
    body: "",
  },
];
