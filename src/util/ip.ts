/**
 * IP addresses as 16 bytes (IPv4 as IPv4-mapped IPv6, `::ffff:a.b.c.d`), CIDR ranges over them,
 * and their canonical text.
 * @module
 */
import { ipv4Number } from "./hosts.ts";

// The one IPv4 parser is hosts.ts's; re-exported for the readers of addresses as numbers.
export { ipv4Number } from "./hosts.ts";

/** A range of addresses: the first `bits` bits of `bytes`. */
export interface Cidr {
  bytes: Uint8Array;
  bits: number;
  /** For a range of IPv4 addresses: its network and mask as 32-bit numbers, for {@link inCidr4}. */
  v4?: { network: number; mask: number };
}

/** A CIDR list that cannot be read; the message is one line for users. */
export class CidrError extends Error {
  override name = "CidrError";
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** The IPv4-mapped form of the IPv4 address `n` (see {@link ipv4Number}). */
function mappedBytes(n: number): Uint8Array {
  return Uint8Array.from([...MAPPED_PREFIX, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** Parses an IPv4 or IPv6 address (an IPv6 zone such as `%eth0` is dropped); `undefined` if not one. */
export function parseIp(text: string): Uint8Array | undefined {
  const v4 = ipv4Number(text);
  if (v4 >= 0) return mappedBytes(v4);
  const address = text.replace(/%[A-Za-z0-9_.-]+$/, "");
  if (!address.includes(":") || !/^[0-9A-Fa-f:.]+$/.test(address) || address.length > 45) return undefined;
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes(".")) {
        const n = ipv4Number(piece);
        if (n < 0) return undefined;
        out.push(n >>> 16, n & 0xffff);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}

/** Whether `bytes` is an IPv4 address (IPv4-mapped). */
export function isMappedIPv4(bytes: Uint8Array): boolean {
  return MAPPED_PREFIX.every((byte, i) => bytes[i] === byte);
}

/** Canonical text: dotted IPv4 for IPv4(-mapped) addresses, RFC 5952 IPv6 otherwise. */
export function formatIp(bytes: Uint8Array): string {
  if (isMappedIPv4(bytes)) return bytes.subarray(12).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  // The longest run of two or more zero groups becomes "::" (the first, if two are as long).
  let best = -1, bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLength).join(":")}`;
}

/** Whether the IPv4 address `n` (see `ipv4Number`) lies in `range`; false for IPv6 ranges. */
export function inCidr4(n: number, range: Cidr): boolean {
  return range.v4 !== undefined && ((n & range.v4.mask) >>> 0) === range.v4.network;
}

/** Whether `ip` lies in `range`. */
export function inCidr(ip: Uint8Array, range: Cidr): boolean {
  const whole = range.bits >> 3;
  for (let i = 0; i < whole; i++) if (ip[i] !== range.bytes[i]) return false;
  const rest = range.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip[whole] & mask) === (range.bytes[whole] & mask);
}

/**
 * Parses `10.0.0.0/8,fd00::/8,127.0.0.1` (a bare address is a range of one; blanks around commas
 * are allowed; empty text is no ranges). Throws {@link CidrError} naming the bad entry.
 */
export function parseCidrList(text: string): Cidr[] {
  if (text.trim() === "") return [];
  return text.split(",").map((entry) => {
    const item = entry.trim();
    const slash = item.indexOf("/");
    const address = slash < 0 ? item : item.slice(0, slash);
    const bytes = parseIp(address);
    if (bytes === undefined || address.includes("%")) {
      throw new CidrError(`${JSON.stringify(item)}: not an IP address or CIDR range`);
    }
    const v4 = ipv4Number(address) >= 0;
    const max = v4 ? 32 : 128;
    const lengthText = slash < 0 ? String(max) : item.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > max) {
      throw new CidrError(`${JSON.stringify(item)}: prefix length must be 0-${max}`);
    }
    const bits = Number(lengthText) + (v4 ? 96 : 0);
    if (bits < 96 || !isMappedIPv4(bytes)) return { bytes, bits };
    const mask = bits === 96 ? 0 : (0xffffffff << (128 - bits)) >>> 0;
    const network = (((bytes[12] << 24) | (bytes[13] << 16) | (bytes[14] << 8) | bytes[15]) & mask) >>> 0;
    return { bytes, bits, v4: { network, mask } };
  });
}
