/**
 * Turning an error into text fit for a one-line message to users.
 * @module
 */

/** The first line of an error's message (never its stack), or the value as text. */
export function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
