/**
 * What counts as an IP address or a DNS name, for listen addresses and certificate names alike.
 * @module
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A dotted-quad IPv4 address, each part 0-255 without leading zeros. */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
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
