/**
 * The lean reference: the least a server can do per request with the app's observability, to measure
 * the app against. A bare `Deno.serve` that, for every request, reads `x-request-id` (or makes an id),
 * echoes it with one `headers.set`, counts the request in one metric and appends one access-log line
 * (the app's fields: client, time, request line, status, duration, user agent, id) to stdout, written
 * with `writeSync` every 256 lines (and every 50 ms). `GET /` answers the greeting; `GET /secure`
 * first checks an `Authorization: Bearer` HS256 token as the app does (HMAC-SHA256 from
 * @noble/hashes, `exp` checked, verified tokens remembered in a bounded map). Nothing else: no
 * drain, no guards, no router, no histogram.
 * Usage: `deno run --allow-net bench/lean_reference.ts PORT SECRET`; {@link leanHandler} is the same
 * handler for an in-process comparison (bench/pipeline_cost.ts).
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

const encoder = new TextEncoder();

const GREETING = '{"message":"Hello"}\n';
const JSON_INIT = { headers: { "content-type": "application/json" } };
const TEXT = { "content-type": "text/plain; charset=utf-8" };
const DENIED_INIT = { status: 401, headers: TEXT };
const NOT_FOUND_INIT = { status: 404, headers: TEXT };
const WELL_FORMED = /^[A-Za-z0-9._:+=-]{1,128}$/;

/** The lean reference's handler, its one metric and its log's flush; the log's bytes go to `write`. */
export function leanHandler(secret: string, write: (bytes: Uint8Array) => void): {
  handler: Deno.ServeHandler<Deno.NetAddr>;
  requests: () => number;
  flush: () => void;
} {
  const key = encoder.encode(secret);
  // The one metric.
  let requestsTotal = 0;

  let counter = 0;
  const prefix = crypto.randomUUID().replaceAll("-", "").slice(0, 20);
  const newId = () => {
    const tail = (++counter).toString(16);
    return prefix + "000000000000".slice(tail.length) + tail;
  };

  let second = -1;
  let stamp = "";
  const stampOf = (nowMs: number) => {
    const s = Math.floor(nowMs / 1000);
    if (s !== second) stamp = new Date((second = s) * 1000).toUTCString().replace("GMT", "UTC");
    return stamp;
  };

  let buffered = "";
  let lines = 0;
  const flush = () => {
    if (lines === 0) return;
    write(encoder.encode(buffered));
    buffered = "";
    lines = 0;
  };

  // base64url of the HMAC, compared as text; verified tokens -> their `exp` in ms.
  const verified = new Map<string, number>();
  const b64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

  function validToken(header: string | null, nowMs: number): boolean {
    if (header === null || !/^bearer /i.test(header)) return false;
    const token = header.slice(7).trim();
    const exp = verified.get(token);
    if (exp !== undefined) return exp > nowMs;
    const last = token.lastIndexOf(".");
    const first = token.indexOf(".");
    if (first <= 0 || last <= first) return false;
    if (b64url(hmac(sha256, key, encoder.encode(token.slice(0, last)))) !== token.slice(last + 1)) {
      return false;
    }
    let claims: { exp?: unknown };
    try {
      claims = JSON.parse(atob(token.slice(first + 1, last).replaceAll("-", "+").replaceAll("_", "/")));
    } catch {
      return false;
    }
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) return false;
    if (verified.size >= 10_000) verified.clear();
    verified.set(token, claims.exp * 1000);
    return true;
  }

  return {
    requests: () => requestsTotal,
    flush,
    handler: (request, info) => {
      const start = performance.now();
      const incoming = request.headers.get("x-request-id");
      const id = incoming !== null && WELL_FORMED.test(incoming) ? incoming : newId();
      const url = request.url;
      const query = url.indexOf("?", 8);
      const path = url.slice(url.indexOf("/", 8), query < 0 ? undefined : query);
      const now = performance.timeOrigin + start;
      const response = path === "/"
        ? new Response(GREETING, JSON_INIT)
        : path !== "/secure"
        ? new Response("404 page not found\n", NOT_FOUND_INIT)
        : validToken(request.headers.get("authorization"), now)
        ? new Response(GREETING, JSON_INIT)
        : new Response("authorization failed\n", DENIED_INIT);
      response.headers.set("x-request-id", id);
      requestsTotal++;
      const agent = request.headers.get("user-agent");
      const { hostname, port } = info.remoteAddr;
      buffered +=
        `${hostname}:${port} - - [${stampOf(now)}] "${request.method} ${path} HTTP/1.1" ${response.status} ` +
        `${(performance.now() - start).toFixed(3)}ms ${agent === null ? "-" : `"${agent}"`} ${id}\n`;
      if (++lines === 256) flush();
      return response;
    },
  };
}

if (import.meta.main) {
  const lean = leanHandler(Deno.args[1] ?? "secret", (bytes) => {
    for (let at = 0; at < bytes.length;) at += Deno.stdout.writeSync(bytes.subarray(at));
  });
  setInterval(() => lean.flush(), 50);
  Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.args[0] ?? "0"), onListen: () => {} }, lean.handler);
  Deno.addSignalListener("SIGTERM", () => {
    lean.flush();
    console.error(`requests: ${lean.requests()}`);
    Deno.exit(0);
  });
}
