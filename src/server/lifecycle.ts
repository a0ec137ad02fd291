/**
 * Server lifecycle: bind the health and HTTP listeners, log where they listen, and on
 * SIGTERM/SIGINT drain, finish in-flight requests within a timeout, and report an exit code.
 * @module
 */
import { formatAddress, type ListenAddress } from "../util/address.ts";
import { formatDuration } from "../util/duration.ts";
import type { Drain } from "./drain.ts";
import type { HealthState } from "./health_state.ts";
import { boundAddress, type Handler, listen } from "./listen.ts";
import { logLine } from "./log.ts";
import { onStopSignals, signalExitCode } from "./signals.ts";

/** What {@link startServers} needs. */
export interface ServersOptions {
  http: ListenAddress;
  health: ListenAddress;
  /** The HTTP service's handler, decorated with {@link closeWhileDraining} over `drain`. */
  handler: Handler;
  healthHandler: Handler;
  state: HealthState;
  /** Begun when a shutdown starts. */
  drain: Drain;
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
  /** Resolves the exit code when the servers have shut down. */
  exited: Promise<number>;
}

interface Servers {
  http: Deno.HttpServer<Deno.NetAddr>;
  health: Deno.HttpServer<Deno.NetAddr>;
}

/** Binds the health listener, then the HTTP one (as the Go services do); none if either fails. */
function bind(options: ServersOptions): Servers {
  const health = listen("health service", options.health, options.healthHandler);
  try {
    return { health, http: listen("HTTP service", options.http, options.handler) };
  } catch (error) {
    health.shutdown();
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Readiness 503 and `Connection: close` for `drainMs` while still serving, then closes the HTTP
 * server, giving in-flight requests `shutdownTimeoutMs`, then the health server. Resolves 0, or
 * 1 if requests were still in flight at the timeout.
 */
async function shutDown(servers: Servers, options: ServersOptions): Promise<number> {
  options.state.ready = false;
  options.drain.begin();
  if (options.drainMs > 0) {
    logLine(`Draining for ${formatDuration(options.drainMs)} (readiness 503, still serving)`);
    await sleep(options.drainMs);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), options.shutdownTimeoutMs);
  });
  const gaveUp = await Promise.race([servers.http.shutdown().then(() => false), timedOut]);
  clearTimeout(timer);
  await servers.health.shutdown();
  await options.onClosed?.();
  if (gaveUp) {
    logLine(
      `Shutdown timeout (${formatDuration(options.shutdownTimeoutMs)}) reached with requests in flight`,
    );
    return 1;
  }
  return 0;
}

/** Binds both listeners and shuts them down on the first stop signal; a second exits at once. */
export function startServers(options: ServersOptions): RunningServers {
  const servers = bind(options);
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const removeListeners = onStopSignals(
    (signal) => {
      logLine(`Captured ${signal}. Exiting...`);
      shutDown(servers, options).then(resolveExit);
    },
    (signal) => {
      logLine(`Captured ${signal} again. Exiting now`);
      options.onAbort?.();
      Deno.exit(signalExitCode(signal));
    },
  );
  exited.then(removeListeners);
  const health = boundAddress(servers.health);
  const http = boundAddress(servers.http);
  // Only announce the listeners once signals are handled: whoever reads these lines may signal at once.
  logLine(`Health service listening on ${formatAddress(health)}`);
  logLine(`HTTP service listening on ${formatAddress(http)}`);
  return { http, health, exited };
}
