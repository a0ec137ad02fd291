/**
 * Free loopback ports, for the tests and the benchmark.
 * @module
 */

/** A loopback TCP port nobody listens on right now (closed again before the caller binds it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
