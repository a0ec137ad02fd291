/**
 * Hostile forwarding headers and user names (issue 12). The process under test trusts
 * 127.0.0.1 as a proxy, so every `X-Forwarded-For` / `X-Real-IP` here goes through the
 * client-address parser and the login limiter keys on what it makes of them.
 * @module
 */
import { rawRequest } from "../../../support/raw_http.ts";
import { BASIC, DENIED, HELLO, type HostileCase, TOKEN_BODY } from "./case.ts";
import { basicAuth } from "../../../support/credentials.ts";

const good = ["Authorization", basicAuth("user:password")] as [string, string];
const wrong = ["Authorization", basicAuth("user:not-it")] as [string, string];

const loginWith = (name: string, headers: [string, string][], ok = true): HostileCase => ({
  name,
  request: rawRequest("GET", "/login", [ok ? good : wrong, ...headers]),
  status: ok ? 200 : 401,
  body: ok ? TOKEN_BODY : DENIED,
  ...(ok ? {} : { headers: BASIC }),
});

const xff = (value: string): [string, string] => ["X-Forwarded-For", value];

/** Forwarding-header and user-name cases. */
export const FORWARDED_CASES: HostileCase[] = [
  loginWith("X-Forwarded-For: unknown", [xff("unknown")]),
  loginWith("X-Forwarded-For empty", [xff("")]),
  loginWith("X-Forwarded-For of commas only", [xff(",,,")]),
  loginWith("X-Forwarded-For with a port and brackets", [xff("[2001:db8::1]:443, 203.0.113.9:80")]),
  loginWith("X-Forwarded-For with an IPv6 zone", [xff("fe80::1%eth0")]),
  loginWith("X-Forwarded-For half an IPv6 bracket", [xff("[::1")]),
  loginWith("X-Forwarded-For of 1000 hops", [xff(Array(1000).fill("198.51.100.1").join(", "))]),
  loginWith("X-Forwarded-For with raw non-UTF-8 bytes", [xff("\xff\xfe, 203.0.113.9")]),
  loginWith("X-Forwarded-For that is a script", [xff("<script>alert(1)</script>")]),
  loginWith("X-Forwarded-For with 300-digit numbers", [xff("9".repeat(300))]),
  loginWith("three X-Forwarded-For headers", [xff("1.1.1.1"), xff("2.2.2.2"), xff("nonsense")]),
  loginWith("X-Real-IP junk", [["X-Real-IP", "localhost"]]),
  loginWith("X-Real-IP 256.0.0.1", [["X-Real-IP", "256.0.0.1"]]),
  loginWith("X-Real-IP and X-Forwarded-For disagree", [["X-Real-IP", "192.0.2.1"], xff("192.0.2.2")]),
  loginWith("a wrong password forwarded for an IPv4-mapped address", [xff("::ffff:192.0.2.3")], false),
  loginWith("a wrong password forwarded for an IPv6 client", [xff("2001:db8:aa::1")], false),
  {
    name: "GET / with a forged X-Forwarded-For",
    request: rawRequest("GET", "/", [xff("127.0.0.1, 10.0.0.1")]),
    status: 200,
    body: HELLO,
  },
  {
    name: "a 1000-character user name",
    request: rawRequest("GET", "/login", [[
      "Authorization",
      `Basic ${btoa(`${"u".repeat(1000)}:password`)}`,
    ]]),
    status: 401,
    body: DENIED,
    headers: BASIC,
  },
  {
    name: "a user name that is an htpasswd line",
    request: rawRequest("GET", "/login", [["Authorization", basicAuth("user:$2y$10$abc:password")]]),
    status: 401,
    body: DENIED,
    headers: BASIC,
  },
];
