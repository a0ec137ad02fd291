/**
 * base64url for token segments, without allocating on the hot path: decoding goes into a
 * caller's buffer and only input decoded to its end is accepted. The decoder tolerates padding,
 * whitespace and non-zero unused bits: parsers check {@link SEGMENT} (and a canonical last character).
 * @module
 */

const BASE64URL = { alphabet: "base64url", lastChunkHandling: "loose" } as const;
const decoder = new TextDecoder();

/** Characters a token segment may hold. */
export const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Decodes base64url into `target`; the decoded length, or -1 if it is not valid or does not fit. */
export function decodeInto(text: string, target: Uint8Array): number {
  try {
    const { read, written } = target.setFromBase64(text, BASE64URL);
    return read === text.length ? written : -1;
  } catch {
    return -1;
  }
}

/** base64url of `bytes`, without padding. */
export const toBase64url = (bytes: Uint8Array): string =>
  bytes.toBase64({ alphabet: "base64url", omitPadding: true });

/** The JSON object a segment encodes (decoded through `scratch`), or `undefined`. */
export function parseSegmentObject(
  segment: string,
  scratch: Uint8Array,
): Record<string, unknown> | undefined {
  const length = decodeInto(segment, scratch);
  if (length < 0) return undefined;
  try {
    const value = JSON.parse(decoder.decode(scratch.subarray(0, length)));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
