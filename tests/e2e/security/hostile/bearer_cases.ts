/**
 * Hostile `Authorization` headers against `GET /secure`.
 * @module
 */
import { rawRequest } from "../../../support/raw_http.ts";
import { b64url, claims, hmacToken, HS256, unsigned } from "../../../support/jwt.ts";
import { BEARER, DENIED, HELLO, type HostileCase, INVALID, SECRET, withAuth } from "./case.ts";

const now = Math.floor(Date.now() / 1000);
const good = hmacToken(HS256, claims(), SECRET);
const [goodHead, goodBody, goodSig] = good.split(".");
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// The same signature bytes spelled with one of the last character's two unused bits set.
const respelled = good.slice(0, -1) + B64URL[B64URL.indexOf(good.slice(-1)) ^ 1];
const signed = (header: unknown, payload: unknown) => hmacToken(header, payload, SECRET);
const bearer = (token: string) => withAuth("/secure", `Bearer ${token}`);
const deny = (name: string, token: string): HostileCase => ({
  name,
  request: bearer(token),
  status: 401,
  body: DENIED,
  headers: INVALID,
});

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
    request: withAuth("/secure", `Basic ${btoa("user:password")}`),
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
  deny("non-base64url segments", "a$b.c!d.e*f"),
  deny("two segments", `${goodHead}.${goodBody}`),
  deny("four segments", `${good}.${goodSig}`),
  deny("empty segments", ".."),
  deny("a trailing dot", `${good}.`),
  deny("8 KB token", "a".repeat(8192)),
  deny("non-UTF-8 bytes", "\xff\xfe\xfd"),
  deny("non-JSON header", `${b64url("not json")}.${goodBody}.${goodSig}`),
  deny("non-JSON payload", signed(HS256, "not json")),
  deny("payload is a JSON array", signed(HS256, "[1,2]")),
  deny("payload is a JSON number", signed(HS256, "42")),
  deny("alg none, empty signature", `${unsigned({ alg: "none", typ: "JWT" }, claims())}.`),
  deny("alg none, HS256 signature kept", `${unsigned({ alg: "none", typ: "JWT" }, claims())}.${goodSig}`),
  deny("alg lowercase hs256", signed({ alg: "hs256", typ: "JWT" }, claims())),
  deny(
    "alg HS512 signed with the secret",
    hmacToken({ alg: "HS512", typ: "JWT" }, claims(), SECRET, "sha512"),
  ),
  deny("alg RS256 header, HMAC signature", signed({ alg: "RS256", typ: "JWT" }, claims())),
  deny("kid header", signed({ ...HS256, kid: "../../dev/null" }, claims())),
  deny("jku header", signed({ ...HS256, jku: "http://127.0.0.1:1/jwks.json" }, claims())),
  deny("x5u header", signed({ ...HS256, x5u: "http://127.0.0.1:1/cert.pem" }, claims())),
  deny("embedded jwk header", signed({ ...HS256, jwk: { kty: "oct", k: b64url("k") } }, claims())),
  deny("crit header", signed({ ...HS256, crit: ["exp"] }, claims())),
  deny("typ other than JWT", signed({ alg: "HS256", typ: "JWE" }, claims())),
  deny("valid signature with a different secret", hmacToken(HS256, claims(), "secret")),
  deny("exp missing", signed(HS256, claims({ exp: undefined }))),
  deny("exp in the past", signed(HS256, claims({ exp: now - 3600 }))),
  deny("exp as a string", signed(HS256, claims({ exp: String(now + 3600) }))),
  deny("exp negative", signed(HS256, claims({ exp: -1 }))),
  deny("nbf in the future", signed(HS256, claims({ nbf: now + 3600 }))),
  deny("iat in the future", signed(HS256, claims({ iat: now + 3600 }))),
  deny("wrong iss", signed(HS256, claims({ iss: "evil.service" }))),
  deny("iss missing", signed(HS256, claims({ iss: undefined }))),
  deny("sub missing", signed(HS256, claims({ sub: undefined }))),
  deny(
    "payload edited after signing",
    `${goodHead}.${b64url(JSON.stringify(claims({ sub: "admin" })))}.${goodSig}`,
  ),
  deny(
    "signature of another token",
    `${goodHead}.${goodBody}.${hmacToken(HS256, claims({ sub: "x" }), SECRET).split(".")[2]}`,
  ),
  deny("signature re-spelled with non-zero padding bits", respelled),
  deny("signature truncated", `${goodHead}.${goodBody}.${goodSig.slice(0, -2)}`),
  {
    name: "100 KB token (header over the server's limit)",
    request: bearer("a".repeat(100_000)),
    status: 400,
    body: "",
  },
];
