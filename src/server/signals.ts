/**
 * SIGTERM and SIGINT: the first starts a graceful shutdown, a second one exits at once.
 * @module
 */

/** The signals a container runtime or a terminal sends to stop us. */
export type StopSignal = "SIGTERM" | "SIGINT";

const SIGNALS: readonly StopSignal[] = ["SIGTERM", "SIGINT"];

/** Exit code after a second signal, as a shell reports death by that signal (128 + number). */
export function signalExitCode(signal: StopSignal): number {
  return signal === "SIGINT" ? 130 : 143;
}

/**
 * Calls `first` on the first SIGTERM or SIGINT and `again` on every later one. Returns a
 * function that removes the listeners.
 */
export function onStopSignals(
  first: (signal: StopSignal) => void,
  again: (signal: StopSignal) => void,
): () => void {
  let seen = false;
  const handlers = SIGNALS.map((signal) => {
    const handler = () => {
      if (seen) return again(signal);
      seen = true;
      first(signal);
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => Deno.removeSignalListener(signal, handler));
}
