/**
 * Opening a listener, with an error fit for users when the address cannot be had.
 * @module
 */
import { formatAddress, type ListenAddress } from "../util/address.ts";
import { firstLine } from "../util/error_text.ts";
import type { Handler } from "./handler.ts";

/** A listener could not be opened (address in use, not permitted, unknown host). */
export class ListenError extends Error {
  override name = "ListenError";
}

/**
 * Serves `handler` on `address`; throws {@link ListenError} naming the service `name`. Aborting
 * `signal` closes the listener and every connection at once.
 */
export function listen(
  name: string,
  address: ListenAddress,
  handler: Handler,
  signal?: AbortSignal,
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve(
      { hostname: address.hostname, port: address.port, signal, onListen: () => {} },
      handler,
    );
  } catch (error) {
    const where = formatAddress(address);
    if (error instanceof Deno.errors.AddrInUse) {
      throw new ListenError(`${name} ${where}: address already in use`);
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new ListenError(`${name} ${where}: permission denied (ports below 1024 need privileges)`);
    }
    if (error instanceof Deno.errors.AddrNotAvailable) {
      throw new ListenError(`${name} ${where}: address not available on this machine`);
    }
    throw new ListenError(`${name} ${where}: ${firstLine(error)}`);
  }
}

/** The address a server is bound to (the real port when port 0 was asked for). */
export function boundAddress(server: Deno.HttpServer<Deno.NetAddr>): ListenAddress {
  return { hostname: server.addr.hostname, port: server.addr.port };
}
