/**
 * Signals: SIGTERM and SIGINT start a graceful shutdown and a second one exits at once; SIGQUIT
 * exits at once; SIGHUP reloads; the signals Go's runtime catches and ignores are ignored too, so
 * that a stray `kill -USR1` never ends the process and loses the access log.
 * @module
 */

/** The signals a container runtime or a terminal sends to stop us. */
export type StopSignal = "SIGTERM" | "SIGINT";

/** Signals that end the process (after writing out the log). */
export type ExitSignal = StopSignal | "SIGQUIT";

const SIGNALS: readonly StopSignal[] = ["SIGTERM", "SIGINT"];

/**
 * Signals whose default action would kill us and that Go programs ignore ("other signals will be
 * caught but no action will be taken", os/signal): here too they change nothing.
 */
export const IGNORED_SIGNALS: readonly Deno.Signal[] = [
  "SIGUSR1",
  "SIGUSR2",
  "SIGALRM",
  "SIGVTALRM",
  "SIGIO",
  "SIGPWR",
  "SIGXCPU",
  "SIGXFSZ",
];

/** Exit code after an exit by signal, as a shell reports death by that signal (128 + number). */
export function signalExitCode(signal: ExitSignal): number {
  return signal === "SIGINT" ? 130 : signal === "SIGQUIT" ? 131 : 143;
}

/**
 * Adds `handler` for each of `signals`; returns a function that removes them. With `optional`, a
 * signal this platform does not have (SIGPWR on macOS) is skipped instead of failing the start.
 */
function listen(
  signals: readonly Deno.Signal[],
  handler: (signal: Deno.Signal) => void,
  optional = false,
): () => void {
  const added = signals.flatMap((signal) => {
    const listener = () => handler(signal);
    try {
      Deno.addSignalListener(signal, listener);
    } catch (error) {
      if (!optional) throw error;
      return [];
    }
    return [[signal, listener] as const];
  });
  return () => added.forEach(([signal, listener]) => Deno.removeSignalListener(signal, listener));
}

/**
 * How long after a first SIGINT another SIGINT counts as its echo, not as a second request. One
 * Ctrl-C in a terminal reaches us twice: the terminal signals the whole foreground process group,
 * and `deno task` forwards the SIGINT it got as well (measured: 0.4 ms apart). SIGTERM comes from
 * `kill` or the kubelet, once per request, so it has no echo.
 */
export const ECHO_MS = 500;

/** What a stop signal means, given the ones before it. */
export type StopMeaning = "first" | "again" | "echo";

/**
 * Sorts stop signals as they arrive: the first SIGTERM or SIGINT is `first`, every later one
 * `again`, except a SIGINT within {@link ECHO_MS} of a first SIGINT, which is its `echo`. `now` is
 * the clock in milliseconds (a test's fake one; `performance.now` by default).
 */
export function stopSignalSorter(
  now: () => number = () => performance.now(),
): (signal: Deno.Signal) => StopMeaning {
  let firstSignal: { signal: Deno.Signal; at: number } | undefined;
  return (signal) => {
    if (!firstSignal) {
      firstSignal = { signal, at: now() };
      return "first";
    }
    const echo = signal === "SIGINT" && firstSignal.signal === "SIGINT" && now() - firstSignal.at < ECHO_MS;
    return echo ? "echo" : "again";
  };
}

/**
 * Calls `first` on the first SIGTERM or SIGINT and `again` on every later one (and on SIGQUIT at
 * any time), except that a SIGINT within {@link ECHO_MS} of a first SIGINT is its echo and is
 * ignored: one keypress is one graceful shutdown, a second deliberate one still exits at once.
 * Returns a function that removes the listeners.
 */
export function onStopSignals(
  first: (signal: StopSignal) => void,
  again: (signal: ExitSignal) => void,
): () => void {
  const sort = stopSignalSorter();
  const removeStop = listen(SIGNALS, (signal) => {
    const meaning = sort(signal);
    if (meaning === "first") first(signal as StopSignal);
    else if (meaning === "again") again(signal as StopSignal);
  });
  const removeQuit = listen(["SIGQUIT"], () => again("SIGQUIT"), true);
  return () => {
    removeStop();
    removeQuit();
  };
}

/** Calls `reload` on SIGHUP and ignores {@link IGNORED_SIGNALS}; returns a function that stops both. */
export function onHangupIgnoringStrays(reload: () => void): () => void {
  const removeHup = listen(["SIGHUP"], reload, true);
  const removeStrays = listen(IGNORED_SIGNALS, () => {}, true);
  return () => {
    removeHup();
    removeStrays();
  };
}
