/**
 * Lifecycle lines on stderr: Go's `log` format (`2006/01/02 15:04:05 message`) by default, or one
 * JSON object per line (`{"time":RFC 3339,"level":...,"msg":...}`) with `-log-format json`.
 * @module
 */

const encoder = new TextEncoder();

/** How log lines are written. */
export type LogFormat = "text" | "json";

/** The log formats `-log-format` accepts. */
export const LOG_FORMATS: readonly LogFormat[] = ["text", "json"];

/** Severity of a lifecycle line. */
export type Level = "info" | "warn" | "error";

let format: LogFormat = "text";

/** Sets the format of every later line (lifecycle and access); called once at start-up. */
export function setLogFormat(next: LogFormat): void {
  format = next;
}

/** The format set by {@link setLogFormat}. */
export function logFormat(): LogFormat {
  return format;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats a time the way Go's `log` package prefixes lines: `2006/01/02 15:04:05`. */
function goLogTime(date: Date): string {
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** One lifecycle line in the current format, newline included. */
export function formatLogLine(message: string, level: Level = "info", date = new Date()): string {
  if (format === "json") {
    return `${JSON.stringify({ time: date.toISOString(), level, msg: message })}\n`;
  }
  const prefix = level === "warn" ? "warning: " : "";
  return `${goLogTime(date)} ${prefix}${message}\n`;
}

/** Writes one lifecycle line to stderr. */
export function logLine(message: string, level: Level = "info"): void {
  Deno.stderr.writeSync(encoder.encode(formatLogLine(message, level)));
}
