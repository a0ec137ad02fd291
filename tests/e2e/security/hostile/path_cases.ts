/**
 * Hostile paths, methods and framing against the HTTP and health services.
 * @module
 */
import { latin1, rawRequest } from "../../../support/raw_http.ts";
import { BASIC, BEARER, DENIED, HELLO, type HostileCase } from "./case.ts";

const NOT_FOUND = "404 page not found\n";
const NOT_ALLOWED = "method not allowed\n";
const ALLOW = { allow: "GET, HEAD" };
const get = (path: string) => rawRequest("GET", path);
const notFound = (name: string, request: Uint8Array): HostileCase => ({
  name,
  request,
  status: 404,
  body: NOT_FOUND,
});
const ROUTES = ["/", "/secure", "/login", "/version"];

const methodCases: HostileCase[] = ROUTES.flatMap((path) =>
  ["POST", "OPTIONS", "PUT", "DELETE"].map((method) => ({
    name: `${method} ${path}`,
    request: rawRequest(method, path, [], method === "POST" || method === "PUT" ? '{"a":1}' : ""),
    status: 405,
    body: NOT_ALLOWED,
    headers: ALLOW,
  }))
);

/** Path, method and framing cases. */
export const PATH_CASES: HostileCase[] = [
  notFound("//", get("//")),
  notFound("/secure/ (trailing slash)", get("/secure/")),
  notFound("/secure%2f", get("/secure%2f")),
  notFound("dot segments /x/../secure", get("/x/../secure")),
  notFound("encoded dot segments /x/%2e%2e/secure", get("/x/%2e%2e/secure")),
  notFound("/./version", get("/./version")),
  notFound("/../../etc/passwd", get("/../../etc/passwd")),
  notFound("invalid percent escape /%zz", get("/%zz")),
  notFound("encoded NUL /%00", get("/%00")),
  notFound("encoded non-UTF-8 /%ff", get("/%ff")),
  notFound("raw UTF-8 bytes in the path", rawRequest("GET", "/\xc3\xa9")),
  notFound("8 KB path", get(`/${"a".repeat(8192)}`)),
  notFound("OPTIONS *", rawRequest("OPTIONS", "*")),
  notFound("CONNECT authority form", rawRequest("CONNECT", "127.0.0.1:80")),
  {
    name: "/%73ecure reaches /secure and its check",
    request: get("/%73ecure"),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "absolute-form target",
    request: get("http://evil.example/secure"),
    status: 401,
    body: DENIED,
    headers: BEARER,
  },
  {
    name: "100 KB URL (over the server's limit)",
    request: get(`/${"a".repeat(100_000)}`),
    status: 400,
    body: "",
  },
  { name: "HEAD /", request: rawRequest("HEAD", "/"), status: 200, body: "" },
  { name: "HEAD /secure", request: rawRequest("HEAD", "/secure"), status: 401, body: "", headers: BEARER },
  { name: "HEAD /login", request: rawRequest("HEAD", "/login"), status: 401, body: "", headers: BASIC },
  { name: "HEAD /version", request: rawRequest("HEAD", "/version"), status: 200, body: "" },
  ...methodCases,
  { name: "TRACE /", request: rawRequest("TRACE", "/"), status: 405, body: NOT_ALLOWED, headers: ALLOW },
  {
    name: "made-up method FOO /",
    request: rawRequest("FOO", "/"),
    status: 405,
    body: NOT_ALLOWED,
    headers: ALLOW,
  },
  {
    name: "no Host header",
    request: latin1("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
    status: 400,
    body: "400 Bad Request: missing required Host header",
  },
  {
    name: "malformed Host header",
    request: latin1("GET / HTTP/1.1\r\nHost: [::\r\nConnection: close\r\n\r\n"),
    status: 200,
    body: HELLO,
  },
  // HTTP/1.0 without Host gets 400 too (tests/e2e/protocol_edge_test.ts).
  { name: "HTTP/1.0", request: latin1("GET / HTTP/1.0\r\nHost: x\r\n\r\n"), status: 200, body: HELLO },
  {
    name: "Content-Length with Transfer-Encoding (smuggling)",
    request: latin1(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ),
    status: 400,
    body: "",
  },
  {
    name: "space in a header name",
    request: rawRequest("GET", "/", [["Bad Header", "x"]]),
    status: 400,
    body: "",
  },
  {
    name: "150 headers",
    request: rawRequest("GET", "/", Array.from({ length: 150 }, (_, i): [string, string] => [`X-${i}`, "v"])),
    status: 400,
    body: "",
  },
  {
    name: "TLS hello on the plain port",
    request: latin1("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"),
    status: 400,
    body: "",
  },
  {
    name: "health: POST /healthz",
    port: "health",
    request: rawRequest("POST", "/healthz"),
    status: 405,
    body: NOT_ALLOWED,
    headers: ALLOW,
  },
  { name: "health: /healthz/", port: "health", request: get("/healthz/"), status: 404, body: NOT_FOUND },
  {
    name: "health: /readiness/../healthz/status",
    port: "health",
    request: get("/readiness/../healthz/status"),
    status: 404,
    body: NOT_FOUND,
  },
  {
    name: "health: 100 KB URL",
    port: "health",
    request: get(`/${"a".repeat(100_000)}`),
    status: 400,
    body: "",
  },
];
