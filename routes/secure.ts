/**
 * `GET /secure`: the greeting, for holders of a valid bearer token.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { TokenKeysUnavailable } from "../src/auth/jwt/token_service.ts";
import { authorizationFailed, greetingResponse, textResponse } from "../src/http/responses.ts";

const SPACE = 32;
const TAB = 9;

/** Whether a code unit is in JavaScript's `\s` (a header value, Latin-1, can only hold the first seven). */
const isWhitespace = (c: number) =>
  c === SPACE || (c >= TAB && c <= 13) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f ||
    c === 0x3000 || c === 0xfeff));

/**
 * Extracts the token of an `Authorization: Bearer <token>` header, or `undefined`: what
 * `/^bearer[ \t]+([^\s]+)[ \t]*$/i` captures, scanned by hand (the regular expression was a
 * tenth of the JavaScript time of a `/secure` request).
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length < 8) return undefined;
  // `| 0x20` folds the case of exactly these ASCII letters: 0x42 "B" and 0x62 "b" both give 0x62.
  const at = (i: number) => header.charCodeAt(i) | 0x20;
  if (
    at(0) !== 0x62 || at(1) !== 0x65 || at(2) !== 0x61 || at(3) !== 0x72 || at(4) !== 0x65 || at(5) !== 0x72
  ) {
    return undefined;
  }
  let start = 6;
  while (header.charCodeAt(start) === SPACE || header.charCodeAt(start) === TAB) start++;
  if (start === 6) return undefined;
  let end = start;
  while (end < header.length && !isWhitespace(header.charCodeAt(end))) end++;
  if (end === start) return undefined;
  for (let i = end; i < header.length; i++) {
    if (header.charCodeAt(i) !== SPACE && header.charCodeAt(i) !== TAB) return undefined;
  }
  return header.slice(start, end);
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
