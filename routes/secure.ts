/**
 * `GET /secure`: the greeting, for holders of a valid bearer token.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { authorizationFailed, greetingResponse } from "../src/http/responses.ts";

const BEARER = /^bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Extracts the token of an `Authorization: Bearer <token>` header, or `undefined`. */
function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/** 200 with the greeting for a valid token; 401 `authorization failed` otherwise. */
export const secure: Route = {
  path: "/secure",
  handler: ({ tokens }) => (c) => {
    const token = bearerToken(c.req.header("Authorization"));
    if (token === undefined) return authorizationFailed('Bearer realm="app"');
    if (tokens.verify(token) === undefined) {
      return authorizationFailed('Bearer realm="app", error="invalid_token"');
    }
    return greetingResponse();
  },
};
