/**
 * The benchmark's yardstick: a bare `Deno.serve` answering `{"message":"Hello"}` like `GET /`.
 * Usage: `deno run --allow-net bench/baseline.ts PORT`.
 * @module
 */
const port = Number(Deno.args[0] ?? "0");
Deno.serve(
  { hostname: "127.0.0.1", port, onListen: () => {} },
  () => new Response('{"message":"Hello"}\n', { headers: { "Content-Type": "application/json" } }),
);
