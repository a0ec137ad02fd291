/**
 * A listener that survives running out of file descriptors. `Deno.serve`'s accept loop ends on
 * EMFILE/ENFILE (its `finished` promise rejects; unhandled, that ends the process): here the
 * failure is logged once per burst (shared by the process's listeners: {@link BurstLog}), the listener is opened again on the same port with a backoff
 * (5 ms doubling to 1 s, as Go's `http.Server` retries `accept`), and serving resumes as soon as
 * descriptors are free again.
 * @module
 */
import { formatAddress, type ListenAddress } from "../../util/address.ts";
import { firstLine } from "../../util/error_text.ts";
import type { Handler } from "../handler.ts";
import { boundAddress, listen } from "../listen.ts";
import { type BurstLog, createBurstLog } from "./burst_log.ts";

/** A served port whose listener is reopened when accepting fails. */
export interface ServedPort {
  /** The bound address (the real port when port 0 was asked for). */
  readonly addr: ListenAddress;
  /** Stops accepting; resolves when in-flight connections are done. */
  shutdown(): Promise<void>;
  /** Closes the listener and every connection at once. */
  abort(): void;
}

/** Options for {@link serveResilient}. */
export interface ResilienceOptions {
  /** The burst log shared with the process's other listeners (one line per burst); its own by default. */
  burst?: BurstLog;
}

/** `too many open files (os error 24)` from Deno's `Error: Too many open files (os error 24)`. */
function reason(error: unknown): string {
  const text = firstLine(error).replace(/^(\w*Error: )+/, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const MIN_RETRY_MS = 5;
const MAX_RETRY_MS = 1_000;

/**
 * Serves `handler` on `address` like {@link listen} (which throws for the first bind), reopening
 * the listener whenever its accept loop fails.
 */
export function serveResilient(
  name: string,
  address: ListenAddress,
  handler: Handler,
  options: ResilienceOptions = {},
): ServedPort {
  const burst = options.burst ?? createBurstLog();
  let controller = new AbortController();
  let server: Deno.HttpServer<Deno.NetAddr> | undefined = listen(name, address, handler, controller.signal);
  const addr = boundAddress(server);
  const where = `${name} ${formatAddress(addr)}`;
  let stopping = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const failed = (error: unknown) => {
    server = undefined;
    finished = true;
    if (stopping) return;
    const failures = burst.failed(where, reason(error));
    retry = setTimeout(reopen, Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.min(failures - 1, 10)));
  };
  // Aborting a server that has already finished throws from inside an event listener (uncaught).
  let finished = false;
  const watch = (watched: Deno.HttpServer<Deno.NetAddr>) => {
    finished = false;
    watched.finished.then(() => {
      if (watched === server) finished = true;
    }, (error) => {
      if (watched === server) failed(error);
    });
  };
  const reopen = () => {
    if (stopping) return;
    try {
      controller = new AbortController();
      server = listen(name, addr, handler, controller.signal);
    } catch (error) {
      return failed(error);
    }
    watch(server);
    burst.reopened();
  };
  watch(server);

  return {
    addr,
    shutdown() {
      stopping = true;
      clearTimeout(retry);
      if (!server) return Promise.resolve();
      const closing = server;
      return closing.shutdown().then(() => {
        if (closing === server) finished = true;
      });
    },
    abort() {
      stopping = true;
      clearTimeout(retry);
      if (server && !finished) controller.abort();
      server = undefined;
    },
  };
}
