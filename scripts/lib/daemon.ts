/**
 * A tool a test runs in the background (nginx, Prometheus): its stderr collected, a wait until it
 * is ready, and a stop that escalates to SIGKILL and removes its scratch directory.
 * @module
 */
import { until } from "./wait.ts";

/** A spawned tool process. */
export interface Daemon {
  /** Its stderr so far. */
  stderr(): string;
  /** Whether it has exited. */
  exited(): boolean;
  /** Resolves when it has exited and its stderr is read to the end. */
  status: Promise<Deno.CommandStatus>;
  /** SIGTERM (SIGKILL if it still runs 5 s later), then removes its scratch directory. */
  stop(): Promise<void>;
}

/** Watches `child` (spawned with `stderr: "piped"`), which owns `scratchDir`. */
export function watchDaemon(child: Deno.ChildProcess, scratchDir: string): Daemon {
  let text = "";
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) text += decoder.decode(chunk, { stream: true });
  })();
  let exited = false;
  const status = reading.then(() => child.status).finally(() => (exited = true));
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => !exited && child.kill("SIGKILL"), 5_000);
      await status;
      clearTimeout(timer);
    }
    await Deno.remove(scratchDir, { recursive: true }).catch(() => {});
  };
  return { stderr: () => text, exited: () => exited, status, stop };
}

/** How {@link waitReady} polls and what it says when the daemon never gets ready. */
export interface ReadyWait {
  /** Asks whether the daemon is ready; true ends the wait. */
  ready(): Promise<boolean>;
  timeoutMs: number;
  intervalMs: number;
  /** The error's first line when the daemon exits first. */
  exitedMessage: string;
  /** The error's first line when `timeoutMs` pass. */
  timeoutMessage: string;
}

/** Polls until `wait.ready()`; stops the daemon and throws with its stderr if it exits or times out first. */
export async function waitReady(daemon: Daemon, wait: ReadyWait): Promise<void> {
  const outcome = await until("the daemon to be ready or exit", async () => {
    if (daemon.exited()) return "exited";
    return (await wait.ready()) && "ready";
  }, { timeoutMs: wait.timeoutMs, everyMs: wait.intervalMs }).catch(() => "timeout" as const);
  if (outcome === "ready") return;
  await daemon.stop();
  const message = outcome === "exited" ? wait.exitedMessage : wait.timeoutMessage;
  throw new Error(`${message}:\n${daemon.stderr()}`);
}
