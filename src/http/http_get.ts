/**
 * A one-request HTTP/1.1 GET over `Deno.connect`/`Deno.connectTls`, for our own outgoing requests
 * (`app healthcheck`, the JWKS client). `fetch` refuses the WHATWG "bad ports", 10080 (the course's
 * port) among them; a service may listen on any port, so its own client must reach any port.
 * @module
 */
import { type HttpAnswer, readResponse } from "./response_reader.ts";

export { BodyTooLarge, type HttpAnswer } from "./response_reader.ts";

/** The whole request took longer than its `timeoutMs`. */
export class HttpTimeout extends Error {}

/** Options for {@link httpGet}. */
export interface HttpGetOptions {
  /** Longest the whole exchange (connect, TLS, request, answer) may take. */
  timeoutMs: number;
  /** Most body bytes accepted (default 64 KiB); more is a {@link BodyTooLarge}. */
  maxBody?: number;
  /** false: return after the headers, with an empty body. */
  withBody?: boolean;
  headers?: Record<string, string>;
  /** Opens the connection (tests inject one; default `Deno.connect`, or `Deno.connectTls` for https). */
  connect?: (address: { hostname: string; port: number }, tls: boolean) => Promise<Deno.Conn>;
}

/** GETs an http:// or https:// URL; throws {@link HttpTimeout}, or an Error naming why it failed. */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpAnswer> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new Error(`unsupported URL scheme ${target.protocol}`);
  }
  let conn: Deno.Conn | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpTimeout(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
  });
  const connecting = connect(target, options.connect);
  // A connection that completes after the timeout is closed, not leaked.
  connecting.then((late) => timer === undefined && late.close(), () => {});
  try {
    conn = await Promise.race([connecting, timeout]);
    return await Promise.race([exchange(conn, target, options), timeout]);
  } finally {
    clearTimeout(timer);
    timer = undefined;
    try {
      conn?.close();
    } catch {
      // already closed
    }
  }
}

function connect(target: URL, open = openConnection): Promise<Deno.Conn> {
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const tls = target.protocol === "https:";
  return open({ hostname, port: Number(target.port || (tls ? 443 : 80)) }, tls);
}

function openConnection(address: { hostname: string; port: number }, tls: boolean): Promise<Deno.Conn> {
  return tls ? Deno.connectTls(address) : Deno.connect(address);
}

async function exchange(conn: Deno.Conn, target: URL, options: HttpGetOptions): Promise<HttpAnswer> {
  const lines = [
    `GET ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${target.host}`,
    "Connection: close",
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  const request = new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`);
  for (let sent = 0; sent < request.length;) sent += await conn.write(request.subarray(sent));
  const buffer = new Uint8Array(16 * 1024);
  const read = async () => {
    const n = await conn.read(buffer);
    return n === null ? null : buffer.slice(0, n);
  };
  return await readResponse(read, options.maxBody ?? 64 * 1024, options.withBody ?? true);
}
