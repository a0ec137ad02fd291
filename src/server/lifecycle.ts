/**
 * Server lifecycle: bind the health and HTTP listeners, log where they listen, and on
 * SIGTERM/SIGINT drain, finish in-flight requests within a timeout, and report an exit code.
 * @module
 */
import { formatAddress, type ListenAddress } from "../util/address.ts";
import { formatDuration } from "../util/duration.ts";
import type { Drain } from "./drain.ts";
import type { HealthState } from "./health_state.ts";
import type { Handler } from "./handler.ts";
import type { InFlight } from "./in_flight.ts";
import { logLine } from "./log.ts";
import { createBurstLog } from "./edge/burst_log.ts";
import { type ServedPort, serveResilient } from "./edge/relisten.ts";
import { onHangupIgnoringStrays, onStopSignals, signalExitCode } from "./signals.ts";

/** What {@link startServers} needs. */
export interface ServersOptions {
  http: ListenAddress;
  health: ListenAddress;
  /** The HTTP service's handler (`servicePipeline` in `src/http/pipeline.ts`). */
  handler: Handler;
  healthHandler: Handler;
  state: HealthState;
  /** Begun when a shutdown starts; the handler reads it. */
  drain: Drain;
  /** The handler's requests not answered yet, waited for at shutdown. */
  inFlight: InFlight;
  drainMs: number;
  shutdownTimeoutMs: number;
  /**
   * Called once both servers are closed or given up on, with the time left of the shutdown
   * timeout (at least {@link MIN_CLOSE_MS}); not waited for longer than that.
   */
  onClosed?: (remainingMs: number) => Promise<unknown> | void;
  /**
   * Called when the shutdown timeout is reached with requests in flight, to answer at once the ones
   * that can be (queued logins: 503); their answers get up to {@link MIN_CLOSE_MS} to leave.
   */
  onTimeout?: () => void;
  /** Called just before a second signal (or SIGQUIT) exits the process; waited for {@link ABORT_MS} at most. */
  onAbort?: (withinMs: number) => Promise<unknown> | void;
  /** Called on SIGHUP. */
  onHangup?: () => void;
}

/** Longest a second signal waits for the log to be written before exiting. */
export const ABORT_MS = 250;
/** Least time given to `onClosed` (writing the log) when the shutdown timeout is used up. */
export const MIN_CLOSE_MS = 250;
/** Once no request is in flight, time for the last answers to leave before the exit closes connections. */
const GRACE_MS = 100;

/** Running servers: bound addresses, and the exit code once a signal has shut them down. */
export interface RunningServers {
  http: ListenAddress;
  health: ListenAddress;
  /** Resolves the exit code when the servers have shut down. */
  exited: Promise<number>;
}

interface Servers {
  http: ServedPort;
  health: ServedPort;
  inFlight: InFlight;
}

/** Binds the health listener, then the HTTP one (as the Go services do); none if either fails. */
function bind(options: ServersOptions): Servers {
  // Descriptors run out for the whole process: one line per burst, whichever listener hits it.
  const burst = createBurstLog();
  const health = serveResilient("health service", options.health, options.healthHandler, { burst });
  try {
    const http = serveResilient("HTTP service", options.http, options.handler, { burst });
    return { health, inFlight: options.inFlight, http };
  } catch (error) {
    health.abort();
    throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Readiness 503 for good and `Connection: close` for `drainMs` while still serving, then stops
 * accepting and gives in-flight requests `shutdownTimeoutMs`; connections with nothing in flight
 * (idle keep-alive, a request body nobody reads) are closed rather than waited for. Resolves 0,
 * or 1 if requests were still in flight at the timeout.
 */
async function shutDown(servers: Servers, options: ServersOptions): Promise<number> {
  options.state.stop();
  options.drain.begin();
  if (options.drainMs > 0) {
    logLine(`Draining for ${formatDuration(options.drainMs)} (readiness 503, still serving)`);
    await sleep(options.drainMs);
  }
  const deadline = performance.now() + options.shutdownTimeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), options.shutdownTimeoutMs);
  });
  // Deno's graceful shutdown also waits for connections that only send a body nobody reads: once no
  // request is in flight, those are left to the exit to close.
  const closed = Promise.race([
    servers.http.shutdown(),
    servers.inFlight.idle().then(() => sleep(GRACE_MS)),
  ]).then(() => false);
  const gaveUp = await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  if (gaveUp && options.onTimeout) {
    // Every accepted request gets an answer: what can be cut short is, and it is let out.
    options.onTimeout();
    await Promise.race([servers.inFlight.idle().then(() => sleep(GRACE_MS)), sleep(MIN_CLOSE_MS)]);
  }
  await Promise.race([servers.health.shutdown(), sleep(GRACE_MS)]);
  const remaining = Math.max(MIN_CLOSE_MS, deadline - performance.now());
  await Promise.race([options.onClosed?.(remaining), sleep(remaining + 50)]);
  if (gaveUp) {
    logLine(
      `Shutdown timeout (${formatDuration(options.shutdownTimeoutMs)}) reached with requests in flight`,
    );
    return 1;
  }
  return 0;
}

/**
 * Binds both listeners and shuts them down on the first stop signal; a second one (or SIGQUIT)
 * exits at once after writing out the log; SIGHUP calls `onHangup`; stray signals are ignored.
 */
export function startServers(options: ServersOptions): RunningServers {
  const servers = bind(options);
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const removeStop = onStopSignals(
    (signal) => {
      logLine(`Captured ${signal}. Exiting...`);
      shutDown(servers, options).then(resolveExit);
    },
    async (signal) => {
      logLine(`Captured ${signal}${signal === "SIGQUIT" ? "" : " again"}. Exiting now`);
      await Promise.race([options.onAbort?.(ABORT_MS), sleep(ABORT_MS)]);
      Deno.exit(signalExitCode(signal));
    },
  );
  const removeHangup = onHangupIgnoringStrays(() => options.onHangup?.());
  exited.then(() => {
    removeStop();
    removeHangup();
  });
  const { health, http } = { health: servers.health.addr, http: servers.http.addr };
  // Only announce the listeners once signals are handled: whoever reads these lines may signal at once.
  logLine(`Health service listening on ${formatAddress(health)}`);
  logLine(`HTTP service listening on ${formatAddress(http)}`);
  return { http, health, exited };
}
