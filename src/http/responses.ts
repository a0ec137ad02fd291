/**
 * Small response builders shared by the handlers. Header names are written in lower case, as
 * HTTP/2 requires and as Deno sends a lone header anyway: one spelling on every response.
 * @module
 */

const TEXT_HEADERS = {
  "content-type": "text/plain; charset=utf-8",
  "x-content-type-options": "nosniff",
} as const;

/** A plain-text response; the body gets Go's trailing newline. */
export function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(`${body}\n`, { status, headers: { ...TEXT_HEADERS, ...headers } });
}

const JSON_HEADERS = { "content-type": "application/json" } as const;

/** A JSON response with a trailing newline, as Go's `json.Encoder` writes. */
export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(`${JSON.stringify(value)}\n`, { status, headers: JSON_HEADERS });
}

const GREETING = `${JSON.stringify({ message: "Hello" })}\n`;

/** The course's greeting, `{"message":"Hello"}`; the body is serialised once, not per request. */
export function greetingResponse(): Response {
  return new Response(GREETING, { headers: JSON_HEADERS });
}

/** The course's 401 body, with a challenge telling the client which scheme to use. */
export function authorizationFailed(challenge: string): Response {
  return textResponse(401, "authorization failed", { "www-authenticate": challenge });
}
