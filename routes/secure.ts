/**
 * `GET /secure`: the greeting, for holders of a valid bearer token.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { TokenKeysUnavailable } from "../src/auth/jwt/token_service.ts";
import { authorizationFailed, greetingResponse, textResponse } from "../src/http/responses.ts";

const BEARER = /^bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Extracts the token of an `Authorization: Bearer <token>` header, or `undefined`. */
function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

const answer = (claims: unknown): Response =>
  claims === undefined
    ? authorizationFailed('Bearer realm="app", error="invalid_token"')
    : greetingResponse();

/** 503 while no verification key has ever been obtained (the token may well be valid). */
const keysUnavailable = (error: unknown): Response => {
  if (!(error instanceof TokenKeysUnavailable)) throw error;
  return textResponse(503, "token keys not loaded yet, try again", { "retry-after": "1" });
};

/**
 * 200 with the greeting for a valid token; 401 `authorization failed` otherwise; 503 while the
 * keys to check it cannot be had. Stays synchronous whenever the check is (HS256, cached tokens).
 */
export const secure: Route = {
  path: "/secure",
  needs: ["verifies-tokens"],
  handler: ({ tokens }) => (c) => {
    const token = bearerToken(c.req.header("Authorization"));
    if (token === undefined) return authorizationFailed('Bearer realm="app"');
    const claims = tokens.verify(token);
    return claims instanceof Promise ? claims.then(answer, keysUnavailable) : answer(claims);
  },
};
