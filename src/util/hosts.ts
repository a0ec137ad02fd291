/**
 * What counts as an IP address or a DNS name, for listen addresses and certificate names alike.
 * @module
 */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/**
 * A dotted-quad IPv4 address as an unsigned 32-bit number, or -1 if `text` is not one (each part
 * 0-255 without leading zeros); no regular expression, no allocation: it reads every forwarded hop.
 */
export function ipv4Number(text: string): number {
  let value = 0, part = 0, digits = 0, dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // a leading zero
      part = part * 10 + c - 48;
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/** A dotted-quad IPv4 address, each part 0-255 without leading zeros (see {@link ipv4Number}). */
export function isIPv4(text: string): boolean {
  return ipv4Number(text) >= 0;
}

/** An IPv6 address as written inside brackets (`::1`, `fe80::1`), without a zone. */
export function isIPv6(text: string): boolean {
  if (!text.includes(":") || !/^[0-9a-f:.]+$/i.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname !== "";
  } catch {
    return false;
  }
}

/**
 * A DNS name: dot-separated labels of letters, digits and inner hyphens, at most 253 characters,
 * whose last label is not all digits (that would be a mistyped IPv4 address). With `wildcard`,
 * the first label may be `*` when at least two labels follow (`*.example.com`).
 */
export function isDnsName(text: string, { wildcard = false } = {}): boolean {
  if (text.length > 253) return false;
  const [first, ...rest] = text.split(".");
  if (wildcard && first === "*") {
    if (rest.length < 2) return false;
  } else if (!LABEL.test(first)) return false;
  if (/^\d+$/.test(rest.at(-1) ?? first)) return false;
  return rest.every((label) => LABEL.test(label));
}
