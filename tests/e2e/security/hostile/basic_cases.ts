/**
 * Hostile HTTP Basic credentials against `GET /login`.
 * @module
 */
import { Buffer } from "node:buffer";
import { rawRequest } from "../../../support/raw_http.ts";
import { BASIC, DENIED, type HostileCase, TOKEN_BODY, withAuth } from "./case.ts";
import { basicAuth } from "../../../support/credentials.ts";

const basic = (credentials: string | Uint8Array) =>
  withAuth("/login", `Basic ${Buffer.from(credentials).toString("base64")}`);
const deny = (name: string, request: Uint8Array): HostileCase => ({
  name,
  request,
  status: 401,
  body: DENIED,
  headers: BASIC,
});

/** Basic-auth cases. */
export const BASIC_CASES: HostileCase[] = [
  {
    name: "the course's credentials (control)",
    request: basic("user:password"),
    status: 200,
    body: TOKEN_BODY,
  },
  {
    name: "scheme in lower case",
    request: withAuth("/login", `basic ${btoa("user:password")}`),
    status: 200,
    body: TOKEN_BODY,
  },
  deny("no Authorization header", rawRequest("GET", "/login")),
  deny("Basic alone", withAuth("/login", "Basic")),
  deny("Bearer scheme on /login", withAuth("/login", `Bearer ${btoa("user:password")}`)),
  deny("no colon", basic("userpassword")),
  deny("bad base64", withAuth("/login", "Basic !!!not-base64!!!")),
  deny("base64 of one byte too many", withAuth("/login", "Basic dXNlcjpwYXNzd29yZA=x")),
  deny("empty user", basic(":password")),
  deny("empty password", basic("user:")),
  deny("unknown user", basic("nobody:password")),
  deny("wrong password", basic("user:wrong")),
  deny("password with a colon appended", basic("user:password:")),
  deny("user name with a trailing space", basic("user :password")),
  deny("user name in another case", basic("USER:password")),
  deny("NUL byte in the user name", basic("user\0:password")),
  deny("the password followed by a NUL byte", basic("user:password\0")),
  deny("password over 72 bytes that starts with the right one", basic(`user:password${"x".repeat(80)}`)),
  deny("non-UTF-8 bytes", basic(Uint8Array.from([0xff, 0xfe, 0x3a, 0xc3, 0x28]))),
  deny("raw non-UTF-8 bytes in the header", withAuth("/login", "Basic \xff\xfe")),
  deny(
    "two Basic headers",
    rawRequest("GET", "/login", [["Authorization", basicAuth("user:password")], [
      "Authorization",
      basicAuth("user:password"),
    ]]),
  ),
  deny("40 KB of base64", withAuth("/login", `Basic ${"QUFB".repeat(10_000)}`)),
  {
    name: "a header of 64 KB (over the server's limit)",
    request: withAuth("/login", `Basic ${"QUFB".repeat(16_384)}`),
    status: 400,
    body: "",
  },
];
