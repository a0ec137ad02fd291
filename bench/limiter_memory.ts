/**
 * The login limiter's heap per remembered client: fills a limiter to capacity with 1.2x as many
 * distinct IPv4 clients (keys made as the route makes them) and prints the live heap it holds.
 * Run: `deno run --v8-flags=--expose-gc bench/limiter_memory.ts [capacity]` (default 10000).
 * @module
 */
import { createLoginLimiter } from "../src/auth/login_limiter.ts";
import { clientKey } from "../src/http/client_address.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --v8-flags=--expose-gc");
const capacity = Number(Deno.args[0] ?? 10_000);
gc();
const before = Deno.memoryUsage().heapUsed;
const limiter = createLoginLimiter({ failures: 10, windowMs: 300_000, capacity });
for (let i = 0; i < capacity * 1.2; i++) {
  const forwarded = `203.0.113.7, 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  limiter.admit(clientKey(forwarded.split(",").at(-1)!.trim()));
}
gc();
const bytes = Deno.memoryUsage().heapUsed - before;
console.log(
  `${limiter.size} clients: ${(bytes / limiter.size).toFixed(0)} bytes each, ${
    (bytes / 2 ** 20).toFixed(2)
  } MiB`,
);
