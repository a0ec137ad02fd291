/**
 * The shape of one hostile request and what the service must answer to it.
 * @module
 */
import { rawRequest } from "../../../support/raw_http.ts";

/** The secret the process under test signs and verifies with. */
export const SECRET = "hostile-test-secret-7f3a";

/** One row of the table. */
export interface HostileCase {
  name: string;
  /** Which listener gets it (default the HTTP service). */
  port?: "http" | "health";
  request: Uint8Array;
  status: number;
  /** The exact body, or a pattern for bodies that carry a fresh token. */
  body: string | RegExp;
  /** Headers the answer must carry, exactly. */
  headers?: Record<string, string>;
}

/** The course's 401 body. */
export const DENIED = "authorization failed\n";
/** The greeting. */
export const HELLO = '{"message":"Hello"}\n';
/** Challenge sent when no bearer token was given. */
export const BEARER = { "www-authenticate": 'Bearer realm="app"' };
/** Challenge sent when a bearer token was given but is not valid. */
export const INVALID = { "www-authenticate": 'Bearer realm="app", error="invalid_token"' };
/** Challenge sent by /login. */
export const BASIC = { "www-authenticate": 'Basic realm="app", charset="UTF-8"' };
/** A freshly issued token. */
export const TOKEN_BODY = /^\{"token":"[\w-]+\.[\w-]+\.[\w-]+"\}\n$/;

/** `GET path` with one `Authorization` header. */
export function withAuth(path: string, value: string): Uint8Array {
  return rawRequest("GET", path, [["Authorization", value]]);
}

/** `GET /secure` with `Bearer TOKEN`. */
export function bearer(token: string): Uint8Array {
  return withAuth("/secure", `Bearer ${token}`);
}

/** A bearer token /secure must refuse as invalid: 401, the denial body, `error="invalid_token"`. */
export function denyToken(name: string, token: string): HostileCase {
  return { name, request: bearer(token), status: 401, body: DENIED, headers: INVALID };
}
