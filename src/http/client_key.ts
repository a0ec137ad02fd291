/**
 * Which client a request comes from, for per-client limits.
 * @module
 */
import type { Context } from "hono";

/**
 * The client's key: the peer's IP address (without the port, so that one client's many
 * connections count as one). `Deno.serve` passes the connection info as Hono's `env`.
 */
export function clientKey(c: Context): string {
  const info = c.env as Deno.ServeHandlerInfo<Deno.NetAddr> | undefined;
  return info?.remoteAddr?.hostname ?? "unknown";
}
