/**
 * Lifecycle lines on stderr in Go's `log` format (`2006/01/02 15:04:05 message`).
 * @module
 */

const encoder = new TextEncoder();

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats a time the way Go's `log` package prefixes lines: `2006/01/02 15:04:05`. */
function goLogTime(date: Date): string {
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Writes one lifecycle line to stderr, Go style. */
export function logLine(message: string): void {
  Deno.stderr.writeSync(encoder.encode(`${goLogTime(new Date())} ${message}\n`));
}
