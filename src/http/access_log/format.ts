/**
 * The access log's two line formats: text (the Go original's fields plus status, duration and
 * request id) and JSON (one object per line).
 * @module
 */

/** Fields of one access-log line. */
export interface AccessEntry {
  remote: string;
  method: string;
  path: string;
  /** The route template (bounded); the path when not known. */
  route?: string;
  status: number;
  durationMs: number;
  /** Body size from `Content-Length`, `null` when the response did not say. */
  bytes?: number | null;
  userAgent: string | null;
  requestId?: string;
}

let cachedSecond = -1;
let cachedStamp = "";

function stamp(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedStamp = new Date(second * 1000).toUTCString().replace("GMT", "UTC");
  }
  return cachedStamp;
}

// Characters JSON.stringify may escape; most request lines and user agents have none.
// deno-lint-ignore no-control-regex -- control characters are exactly what this looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;

/** `text` as a JSON string literal, without JSON.stringify's work when nothing needs escaping. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

const clip = (path: string) => path.length > 2048 ? `${path.slice(0, 2048)}...` : path;

/** Formats a text access-log line: the Go original's fields, status, duration, request id. */
export function formatAccess(entry: AccessEntry, nowMs = Date.now()): string {
  const agent = entry.userAgent === null ? "-" : quote(entry.userAgent.slice(0, 256));
  const id = entry.requestId === undefined ? "" : ` ${entry.requestId}`;
  return `${entry.remote} - - [${stamp(nowMs)}] ${quote(`${entry.method} ${clip(entry.path)} HTTP/1.1`)} ` +
    `${entry.status} ${entry.durationMs.toFixed(3)}ms ${agent}${id}\n`;
}

/**
 * Formats a JSON access-log line: `time` (RFC 3339, UTC), `level`, `msg`, then client, method,
 * route, path, status, duration_ms, bytes, user_agent, request_id.
 */
export function formatAccessJson(entry: AccessEntry, nowMs = Date.now()): string {
  return `{"time":"${new Date(nowMs).toISOString()}","level":"info","msg":"request",` +
    `"client":${quote(entry.remote)},"method":${quote(entry.method)},` +
    `"route":${quote(entry.route ?? entry.path)},"path":${quote(clip(entry.path))},` +
    `"status":${entry.status},"duration_ms":${Number(entry.durationMs.toFixed(3))},` +
    `"bytes":${entry.bytes ?? null},` +
    `"user_agent":${entry.userAgent === null ? null : quote(entry.userAgent.slice(0, 256))},` +
    `"request_id":${entry.requestId === undefined ? null : quote(entry.requestId)}}\n`;
}
