/**
 * Small response builders shared by the handlers. Each records its body's size in bytes on the
 * response (read by {@link bodyBytes} for the JSON access log); not as a `Content-Length` header,
 * which the server sends anyway and which makes Deno's `new Response` about 30 times slower.
 * @module
 */

const encoder = new TextEncoder();
const BODY_BYTES = Symbol("bodyBytes");

type Sized = Response & { [BODY_BYTES]?: number };

/** UTF-8 length of `text`, without encoding it when it is ASCII (every body here, in practice). */
function byteLength(text: string): number {
  // deno-lint-ignore no-control-regex -- ASCII is exactly what this looks for
  return /^[\u0000-\u007f]*$/.test(text) ? text.length : encoder.encode(text).length;
}

function sized(response: Response, bytes: number): Response {
  (response as Sized)[BODY_BYTES] = bytes;
  return response;
}

/** The body size of a response built here, or `null` for any other response. */
export function bodyBytes(response: Response): number | null {
  return (response as Sized)[BODY_BYTES] ?? null;
}

const TEXT_HEADERS = {
  "Content-Type": "text/plain; charset=utf-8",
  "X-Content-Type-Options": "nosniff",
} as const;

/** A plain-text response; the body gets Go's trailing newline. */
export function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  const text = `${body}\n`;
  return sized(new Response(text, { status, headers: { ...TEXT_HEADERS, ...headers } }), byteLength(text));
}

const JSON_HEADERS = { "Content-Type": "application/json" } as const;

/** A JSON response with a trailing newline, as Go's `json.Encoder` writes. */
export function jsonResponse(value: unknown, status = 200): Response {
  const text = `${JSON.stringify(value)}\n`;
  return sized(new Response(text, { status, headers: JSON_HEADERS }), byteLength(text));
}

const GREETING = `${JSON.stringify({ message: "Hello" })}\n`;
const GREETING_BYTES = byteLength(GREETING);

/** The course's greeting, `{"message":"Hello"}`; the body is serialised once, not per request. */
export function greetingResponse(): Response {
  return sized(new Response(GREETING, { headers: JSON_HEADERS }), GREETING_BYTES);
}

/** The course's 401 body, with a challenge telling the client which scheme to use. */
export function authorizationFailed(challenge: string): Response {
  return textResponse(401, "authorization failed", { "WWW-Authenticate": challenge });
}
