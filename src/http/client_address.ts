/**
 * The real client of a request: the connection's peer, or, when that peer is a trusted proxy,
 * the address the proxy forwarded (`X-Forwarded-For`, else `X-Real-IP`). The access log and the
 * login limiter key on it; so can anything else that must tell clients apart.
 * @module
 */
import { type Cidr, formatIp, inCidr, inCidr4, ipv4Number, isMappedIPv4, parseIp } from "../util/ip.ts";

/** What a listener passes a handler beside the request (Hono's `c.env` under `Deno.serve`). */
export type PeerInfo = { remoteAddr?: Deno.NetAddr } | undefined;

/** The client address of a request, as text (`203.0.113.7`, `2001:db8::1`); `-` when unknown. */
export type ClientAddress = (request: Request, info: PeerInfo) => string;

/** The address in one hop of `X-Forwarded-For` / `X-Real-IP`: without blanks, brackets or a port. */
function hopAddress(text: string): string {
  const hop = text.trim();
  if (hop.startsWith("[")) {
    const end = hop.indexOf("]");
    return end > 0 && /^(:\d{1,5})?$/.test(hop.slice(end + 1)) ? hop.slice(1, end) : "";
  }
  const colon = hop.indexOf(":");
  return colon > 0 && colon === hop.lastIndexOf(":") && /^\d{1,5}$/.test(hop.slice(colon + 1))
    ? hop.slice(0, colon)
    : hop;
}

/** A hop read: its canonical text and whether it is a trusted proxy. */
interface Hop {
  address: string;
  trusted: boolean;
}

/**
 * The {@link ClientAddress} for a list of trusted proxies. From a trusted peer: the rightmost
 * `X-Forwarded-For` hop that is not itself trusted (hops a client wrote further left are never
 * believed), the leftmost hop when all are trusted, else `X-Real-IP`, else the peer. From anyone
 * else both headers are ignored. With no trusted proxies no header is read at all.
 */
export function clientAddressFor(trusted: readonly Cidr[]): ClientAddress {
  // IPv4 text (nearly every peer and hop) is checked as a number, without allocating; IPv6 and
  // IPv6 ranges that also hold IPv4 addresses (::/0) go through the 16-byte form.
  const wide = trusted.filter((range) => range.v4 === undefined && range.bits < 96);
  const read = (text: string): Hop | undefined => {
    const n = ipv4Number(text);
    if (n >= 0) {
      let ok = trusted.some((range) => inCidr4(n, range));
      if (!ok && wide.length > 0) {
        const ip = parseIp(text)!;
        ok = wide.some((range) => inCidr(ip, range));
      }
      return { address: text, trusted: ok };
    }
    const ip = parseIp(text);
    if (ip === undefined) return undefined;
    const address = formatIp(ip);
    if (isMappedIPv4(ip)) return read(address);
    return { address, trusted: trusted.some((range) => inCidr(ip, range)) };
  };
  return (request, info) => {
    const peer = info?.remoteAddr?.hostname;
    if (peer === undefined) return "-";
    if (trusted.length === 0) return peer;
    const proxy = read(peer);
    if (proxy === undefined || !proxy.trusted) return peer;
    let client = proxy.address;
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded !== null) {
      const hops = forwarded.split(",");
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = read(hopAddress(hops[i]));
        if (hop === undefined) break; // unreadable: stay with the nearest hop a trusted proxy vouched for
        client = hop.address;
        if (!hop.trusted) break;
      }
      return client;
    }
    const real = request.headers.get("x-real-ip");
    const hop = real === null ? undefined : read(hopAddress(real));
    return hop === undefined ? client : hop.address;
  };
}

/**
 * The key to count a client under: its IPv4 address, or its IPv6 /64 network (one subscriber's
 * usual allocation, so rotating addresses inside it does not escape a limit).
 */
export function clientKey(address: string): string {
  if (ipv4Number(address) >= 0) return address;
  const ip = parseIp(address);
  if (ip === undefined || isMappedIPv4(ip)) return ip === undefined ? address : formatIp(ip);
  const network = new Uint8Array(16);
  network.set(ip.subarray(0, 8));
  return `${formatIp(network)}/64`;
}
