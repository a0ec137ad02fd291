/**
 * Server lifecycle: bind the health and HTTP listeners, log where they listen, and on
 * SIGTERM/SIGINT drain, finish in-flight requests within a timeout, and report an exit code.
 * @module
 */
import type { Hono } from "hono";
import { formatAddress, type ListenAddress } from "../util/address.ts";
import { formatDuration } from "../util/duration.ts";
import type { HealthState } from "./health_state.ts";
import { logLine } from "./log.ts";
import { firstLine } from "../util/error_text.ts";

/** A listener could not be opened (address in use, not permitted, unknown host). */
export class ListenError extends Error {
  override name = "ListenError";
}

/** What {@link startServers} needs. */
export interface ServersOptions {
  http: ListenAddress;
  health: ListenAddress;
  app: Hono;
  healthApp: Hono;
  state: HealthState;
  drainMs: number;
  shutdownTimeoutMs: number;
  /** Called once both servers are closed or given up on, before the exit code is reported. */
  onClosed?: () => Promise<unknown> | void;
  /** Called synchronously just before a second signal exits the process at once. */
  onAbort?: () => void;
}

/** Running servers: bound addresses, and the exit code once a signal has shut them down. */
export interface RunningServers {
  http: ListenAddress;
  health: ListenAddress;
  /** Starts the shutdown sequence as a signal would; resolves the exit code. */
  shutdown(reason: string): Promise<number>;
  /** Resolves the exit code when the servers have shut down. */
  exited: Promise<number>;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

function listen(name: string, address: ListenAddress, fetch: Hono["fetch"]): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({ hostname: address.hostname, port: address.port, onListen: () => {} }, fetch);
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

/**
 * Marks a response `Connection: close`, so that a keep-alive client (nginx, a kube-proxy'd
 * client) opens its next connection elsewhere instead of reusing one that is about to close.
 */
export function closeAfter(response: Response): Response {
  try {
    response.headers.set("Connection", "close");
    return response;
  } catch {
    // Immutable headers (a proxied response): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("Connection", "close");
    return copy;
  }
}

/** Binds both listeners (health first, as the Go services do) and installs signal handlers. */
export function startServers(options: ServersOptions): RunningServers {
  const healthServer = listen("health service", options.health, options.healthApp.fetch);
  let draining = false;
  // Outside a shutdown the app's own fetch serves, untouched; during one, every answer closes
  // its connection.
  const serve: Hono["fetch"] = (request, ...rest) => {
    if (!draining) return options.app.fetch(request, ...rest);
    const answer = options.app.fetch(request, ...rest);
    return answer instanceof Promise ? answer.then(closeAfter) : closeAfter(answer);
  };
  let httpServer: Deno.HttpServer<Deno.NetAddr>;
  try {
    httpServer = listen("HTTP service", options.http, serve);
  } catch (error) {
    healthServer.shutdown();
    throw error;
  }
  const health = { hostname: healthServer.addr.hostname, port: healthServer.addr.port };
  const http = { hostname: httpServer.addr.hostname, port: httpServer.addr.port };

  let exiting: Promise<number> | undefined;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));

  const sequence = async (): Promise<number> => {
    options.state.ready = false;
    draining = true;
    if (options.drainMs > 0) {
      logLine(`Draining for ${formatDuration(options.drainMs)} (readiness 503, still serving)`);
      await new Promise((resolve) => setTimeout(resolve, options.drainMs));
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), options.shutdownTimeoutMs);
    });
    const finished = httpServer.shutdown().then(() => false);
    const gaveUp = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    await healthServer.shutdown();
    await options.onClosed?.();
    if (gaveUp) {
      logLine(
        `Shutdown timeout (${formatDuration(options.shutdownTimeoutMs)}) reached with requests in flight`,
      );
      return 1;
    }
    return 0;
  };

  const shutdown = (reason: string): Promise<number> => {
    if (exiting) return exiting;
    logLine(`Captured ${reason}. Exiting...`);
    exiting = sequence();
    exiting.then(resolveExit);
    return exiting;
  };

  const handlers = SIGNALS.map((signal) => {
    const handler = () => {
      if (exiting) {
        logLine(`Captured ${signal} again. Exiting now`);
        options.onAbort?.();
        Deno.exit(signal === "SIGINT" ? 130 : 143);
      }
      shutdown(signal);
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  exited.then(() => handlers.forEach(([signal, handler]) => Deno.removeSignalListener(signal, handler)));
  // Only announce the listeners once signals are handled: whoever reads these lines may signal at once.
  logLine(`Health service listening on ${formatAddress(health)}`);
  logLine(`HTTP service listening on ${formatAddress(http)}`);

  return { http, health, shutdown, exited };
}
