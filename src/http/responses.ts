/**
 * Small response builders shared by the handlers. Each sets `Content-Length` (what the server
 * would send anyway), so that the access log can report the bytes of every answer.
 * @module
 */

const encoder = new TextEncoder();

/** UTF-8 length of `text`, without encoding it when it is ASCII (every body here, in practice). */
function byteLength(text: string): string {
  // deno-lint-ignore no-control-regex -- ASCII is exactly what this looks for
  return String(/^[\u0000-\u007f]*$/.test(text) ? text.length : encoder.encode(text).length);
}

/** A plain-text response; the body gets Go's trailing newline. */
export function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  const text = `${body}\n`;
  return new Response(text, {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": byteLength(text),
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}

/** A JSON response with a trailing newline, as Go's `json.Encoder` writes. */
export function jsonResponse(value: unknown, status = 200): Response {
  const text = `${JSON.stringify(value)}\n`;
  return new Response(text, {
    status,
    headers: { "Content-Type": "application/json", "Content-Length": byteLength(text) },
  });
}

const GREETING = `${JSON.stringify({ message: "Hello" })}\n`;
const GREETING_HEADERS = {
  "Content-Type": "application/json",
  "Content-Length": byteLength(GREETING),
} as const;

/** The course's greeting, `{"message":"Hello"}`; the body is serialised once, not per request. */
export function greetingResponse(): Response {
  return new Response(GREETING, { headers: GREETING_HEADERS });
}

/** The course's 401 body, with a challenge telling the client which scheme to use. */
export function authorizationFailed(challenge: string): Response {
  return textResponse(401, "authorization failed", { "WWW-Authenticate": challenge });
}
