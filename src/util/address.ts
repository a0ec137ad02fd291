/**
 * Listen addresses written the way Go's `net.Listen` accepts them:
 * `:8080`, `0.0.0.0:8080`, `localhost:8080`, `[::1]:8080`.
 * @module
 */
import { isDnsName, isIPv4, isIPv6 } from "./hosts.ts";

/** A parsed listen address. */
export interface ListenAddress {
  /** Interface to bind; `0.0.0.0` when the address gave none (Go binds all). */
  hostname: string;
  /** TCP port, 0 to let the kernel pick a free one. */
  port: number;
}

/** Thrown for an address that cannot be listened on as written. */
export class AddressError extends Error {
  override name = "AddressError";
}

/** Parses `HOST:PORT`; throws {@link AddressError} with a message fit for users. */
export function parseAddress(text: string): ListenAddress {
  const colon = text.lastIndexOf(":");
  if (colon < 0) {
    throw new AddressError(
      `address ${JSON.stringify(text)}: missing port (write HOST:PORT or :PORT)`,
    );
  }
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.startsWith("[") && host.endsWith("]")) {
    host = host.slice(1, -1);
    // Go accepts a zone after the address (`[fe80::1%eth0]:80`); the address itself must be valid.
    if (!isIPv6(host.replace(/%[A-Za-z0-9_.-]+$/, ""))) {
      throw new AddressError(
        `address ${JSON.stringify(text)}: invalid IPv6 host`,
      );
    }
  } else if (host.includes(":")) {
    throw new AddressError(
      `address ${JSON.stringify(text)}: too many colons (write IPv6 hosts as [::1]:PORT)`,
    );
  } else if (host !== "" && !validHost(host)) {
    throw new AddressError(
      `address ${JSON.stringify(text)}: invalid host ${JSON.stringify(host)}`,
    );
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new AddressError(
      `address ${JSON.stringify(text)}: invalid port ${JSON.stringify(portText)}`,
    );
  }
  return { hostname: host === "" ? "0.0.0.0" : host, port: Number(portText) };
}

function validHost(host: string): boolean {
  return isIPv4(host) || isDnsName(host);
}

/** Formats an address the way Go prints it (`[::1]:80`, `0.0.0.0:80`). */
export function formatAddress(address: ListenAddress): string {
  const host = address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname;
  return `${host}:${address.port}`;
}
