/**
 * A secret file holds one or more HS256 secrets, one per line: the first signs, all verify.
 * {@link watchSecretFile} owns the secrets read from it while the process runs: it re-reads the
 * file every second (a Kubernetes Secret updated in place, the kubelet swapping a `..data`
 * symlink, takes effect without a restart) and at once when asked (SIGHUP).
 * @module
 */
import { readBoundedText } from "../util/bounded_file.ts";
import { firstLine } from "../util/error_text.ts";

/** The secrets of a secret file's text: one per line, `\r\n` accepted, blank lines ignored. */
export function parseSecrets(text: string): string[] {
  return text.split("\n").map((line) => line.replace(/\r$/, "")).filter((line) => line.trim() !== "");
}

/** Options for {@link watchSecretFile}. */
export interface WatchOptions {
  /** How often the file is read again (default 1 s). */
  intervalMs?: number;
  /** Receives one line when a poll changes the secrets or refuses a change. */
  /** One line per reload or problem; problems at level `warn`. */
  log: (message: string, level?: "info" | "warn") => void;
  /** Reads the file (regular files only, at most 1 MiB); injectable for tests. */
  readText?: (path: string) => Promise<string>;
  /**
   * Runs `poll` every `intervalMs` and returns what stops it; by default an unref'd `setInterval`.
   * Tests inject one that they drive, awaiting each poll, instead of letting real time pass.
   */
  every?: (poll: () => Promise<void>, intervalMs: number) => () => void;
}

/** `setInterval` that does not keep the process alive: the watch never delays an exit. */
function unrefInterval(poll: () => Promise<void>, intervalMs: number): () => void {
  const timer = setInterval(poll, intervalMs);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}

/** A running watch of a secret file. */
export interface SecretFileWatch {
  /**
   * Reads the file now (the same read the poll does, never two at once): resolves "unchanged" or
   * what changed; throws, keeping the secrets in use, for a file that cannot be read or is empty.
   */
  reload(): Promise<string>;
  /** Stops polling. */
  stop(): void;
}

/**
 * Watches `path` and calls `onChange` with its new secrets whenever its content changes. Polling
 * the content (not inotify) sees every way a file can change, including a symlink swap in a
 * parent directory. A poll that finds the file unreadable or without a secret logs it once and
 * keeps the secrets in use. `initial` is the text already loaded at start.
 */
export function watchSecretFile(
  path: string,
  initial: string,
  onChange: (secrets: string[]) => void,
  options: WatchOptions,
): SecretFileWatch {
  const { intervalMs = 1000, log, readText = readBoundedText, every = unrefInterval } = options;
  const name = JSON.stringify(path);
  let seen = initial;
  let problem = "";
  // Reads run one after another, so an older read never overwrites what a newer one applied.
  let queue: Promise<unknown> = Promise.resolve();

  const readOnce = async (): Promise<string> => {
    let text: string;
    try {
      text = await readText(path);
    } catch (error) {
      throw new Error(`cannot read it: ${firstLine(error)}`);
    }
    if (text === seen) return "unchanged";
    const secrets = parseSecrets(text);
    if (secrets.length === 0) throw new Error("holds no secret (empty, or blank lines only)");
    seen = text;
    onChange(secrets);
    return `changed: ${secrets.length} secret${secrets.length === 1 ? "" : "s"}, the first signs`;
  };
  const reload = (): Promise<string> => {
    const run = queue.then(readOnce);
    queue = run.catch(() => {});
    return run;
  };
  let polling = false;
  const poll = async () => {
    if (polling) return; // a read that hangs (a network volume) does not pile up more
    polling = true;
    try {
      const note = await reload();
      problem = "";
      if (note !== "unchanged") log(`secret file ${name} reloaded (${note})`);
    } catch (error) {
      const message = `secret file ${name}: ${firstLine(error)}; keeping the secrets in use`;
      if (message !== problem) log(message, "warn");
      problem = message;
    } finally {
      polling = false;
    }
  };
  const stop = every(poll, intervalMs);
  return { reload, stop };
}
