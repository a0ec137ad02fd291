/**
 * User-supplied text inside a one-line message: quoted and escaped so that it can never break the
 * line (a newline in a flag would otherwise forge a second log line) nor drive a terminal.
 * @module
 */

// Characters JSON.stringify leaves as they are but a terminal or a log reader may act on: DEL, the C1
// controls (U+0085 is a line break to some readers) and the Unicode line and paragraph separators.
const UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

// Text Go would print as it is: visible ASCII without quotes or backslashes.
const PLAIN = /^[!#-\[\]-~]+$/;

/** `text` as a JSON string literal, with DEL, C1 controls, U+2028 and U+2029 escaped too. */
export function quote(text: string): string {
  return JSON.stringify(text).replace(
    UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `text` as it is when it is plain visible ASCII (as Go prints it), otherwise {@link quote}d. */
export function shown(text: string): string {
  return PLAIN.test(text) ? text : quote(text);
}
