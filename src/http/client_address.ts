/**
 * The real client of a request: the connection's peer, or, when that peer is a trusted proxy,
 * the address the proxy forwarded (`X-Forwarded-For`, else `X-Real-IP`). The access log and the
 * login limiter key on it; so can anything else that must tell clients apart.
 * @module
 */
import { type Cidr, formatIp, inCidr, isMappedIPv4, parseIp } from "../util/ip.ts";

/** What a listener passes a handler beside the request (Hono's `c.env` under `Deno.serve`). */
export type PeerInfo = { remoteAddr?: Deno.NetAddr } | undefined;

/** The client address of a request, as text (`203.0.113.7`, `2001:db8::1`); `-` when unknown. */
export type ClientAddress = (request: Request, info: PeerInfo) => string;

/** One hop of `X-Forwarded-For` / `X-Real-IP`: an address, perhaps with a port or brackets. */
function parseHop(text: string): Uint8Array | undefined {
  const hop = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return parseIp(bracketed[1]);
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return parseIp(v4WithPort ? v4WithPort[1] : hop);
}

/**
 * The {@link ClientAddress} for a list of trusted proxies. From a trusted peer: the rightmost
 * `X-Forwarded-For` hop that is not itself trusted (hops a client wrote further left are never
 * believed), the leftmost hop when all are trusted, else `X-Real-IP`, else the peer. From anyone
 * else both headers are ignored. With no trusted proxies no header is read at all.
 */
export function clientAddressFor(trusted: readonly Cidr[]): ClientAddress {
  const isTrusted = (ip: Uint8Array) => trusted.some((range) => inCidr(ip, range));
  return (request, info) => {
    const peer = info?.remoteAddr?.hostname;
    if (peer === undefined) return "-";
    if (trusted.length === 0) return peer;
    const peerIp = parseIp(peer);
    if (peerIp === undefined || !isTrusted(peerIp)) return peer;
    let client = formatIp(peerIp);
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded !== null) {
      const hops = forwarded.split(",");
      for (let i = hops.length - 1; i >= 0; i--) {
        const ip = parseHop(hops[i]);
        if (ip === undefined) break; // unreadable: stay with the nearest hop a trusted proxy vouched for
        client = formatIp(ip);
        if (!isTrusted(ip)) break;
      }
      return client;
    }
    const real = request.headers.get("x-real-ip");
    const ip = real === null ? undefined : parseHop(real);
    return ip === undefined ? client : formatIp(ip);
  };
}

/**
 * The key to count a client under: its IPv4 address, or its IPv6 /64 network (one subscriber's
 * usual allocation, so rotating addresses inside it does not escape a limit).
 */
export function clientKey(address: string): string {
  const ip = parseIp(address);
  if (ip === undefined || isMappedIPv4(ip)) return ip === undefined ? address : formatIp(ip);
  const network = new Uint8Array(16);
  network.set(ip.subarray(0, 8));
  return `${formatIp(network)}/64`;
}
