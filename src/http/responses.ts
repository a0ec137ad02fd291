/**
 * Small response builders shared by the handlers. Header names are written in lower case, as
 * HTTP/2 requires and as Deno sends a lone header anyway: one spelling on every response.
 * Each records its body's size in bytes on the response (read by {@link bodyBytes} for the JSON
 * access log) rather than as a `Content-Length` header, which the server sends anyway.
 * The content type goes in the init, any other header is set one by one: an init with more headers
 * costs more per response (docs/decisions/observability-cost.md).
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

/** A response init with one header (the content type); those for 200 are made once. */
type Init = { status?: number; headers: Readonly<Record<string, string>> };
const ok = new Map<string, Init>();

/**
 * A response with `body`, `status`, its content type in the init (a string body would otherwise get
 * Deno's default `Content-Type`, capitalised, whose name a later `set` keeps), any `more` headers set
 * one by one, and its size recorded.
 */
function make(
  body: string,
  bytes: number,
  status: number,
  contentType: string,
  more?: Readonly<Record<string, string>>,
): Response {
  let init = status === 200 ? ok.get(contentType) : { status, headers: { "content-type": contentType } };
  if (init === undefined) ok.set(contentType, init = { headers: { "content-type": contentType } });
  const response = new Response(body, init);
  if (more !== undefined) { for (const name in more) response.headers.set(name, more[name]); }
  (response as Sized)[BODY_BYTES] = bytes;
  return response;
}

/** The body size of a response built here, or `null` for any other response. */
export function bodyBytes(response: Response): number | null {
  return (response as Sized)[BODY_BYTES] ?? null;
}

const TEXT_TYPE = "text/plain; charset=utf-8";
const TEXT_HEADERS = { "x-content-type-options": "nosniff" } as const;

/** A plain-text response; the body gets Go's trailing newline. */
export function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  const text = `${body}\n`;
  const response = make(text, byteLength(text), status, TEXT_TYPE, TEXT_HEADERS);
  for (const name in headers) response.headers.set(name, headers[name]);
  return response;
}

const JSON_TYPE = "application/json";

/** A JSON response with a trailing newline, as Go's `json.Encoder` writes. */
export function jsonResponse(value: unknown, status = 200): Response {
  const text = `${JSON.stringify(value)}\n`;
  return make(text, byteLength(text), status, JSON_TYPE);
}

const GREETING = `${JSON.stringify({ message: "Hello" })}\n`;
const GREETING_BYTES = byteLength(GREETING);

/** The course's greeting, `{"message":"Hello"}`; the body is serialised once, not per request. */
export function greetingResponse(): Response {
  return make(GREETING, GREETING_BYTES, 200, JSON_TYPE);
}

/** The course's 401 body, with a challenge telling the client which scheme to use. */
export function authorizationFailed(challenge: string): Response {
  return textResponse(401, "authorization failed", { "www-authenticate": challenge });
}
