/**
 * A secret file holds one or more HS256 secrets, one per line: the first signs, all verify.
 * {@link watchSecretFile} re-reads it while the process runs, so a Kubernetes Secret updated in
 * place (the kubelet swaps a `..data` symlink) takes effect without a restart.
 * @module
 */
import { firstLine } from "../util/error_text.ts";

/** The secrets of a secret file's text: one per line, `\r\n` accepted, blank lines ignored. */
export function parseSecrets(text: string): string[] {
  return text.split("\n").map((line) => line.replace(/\r$/, "")).filter((line) => line.trim() !== "");
}

/** Options for {@link watchSecretFile}. */
export interface WatchOptions {
  /** How often the file is read again (default 1 s). */
  intervalMs?: number;
  /** Receives one line when the secrets change or a change is refused. */
  log: (message: string) => void;
  /** Reads the file; injectable for tests. */
  readText?: (path: string) => Promise<string>;
}

/**
 * Polls `path` and calls `onChange` with its new secrets whenever its content changes. Polling
 * the content (not inotify) sees every way a file can change, including a symlink swap in a
 * parent directory. A file that cannot be read or holds no secret is logged once and the
 * secrets in use are kept. `initial` is the text already loaded at start. Returns a stop function.
 */
export function watchSecretFile(
  path: string,
  initial: string,
  onChange: (secrets: string[]) => void,
  options: WatchOptions,
): () => void {
  const { intervalMs = 1000, log, readText = Deno.readTextFile } = options;
  let seen = initial;
  let problem = "";
  let busy = false;
  const name = JSON.stringify(path);
  const report = (message: string) => {
    if (message !== problem) log(message);
    problem = message;
  };
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const text = await readText(path);
      if (text === seen) return;
      const secrets = parseSecrets(text);
      if (secrets.length === 0) {
        report(`secret file ${name} holds no secret; keeping the secrets in use`);
        return;
      }
      seen = text;
      problem = "";
      onChange(secrets);
      log(`secret file ${name} reloaded: ${secrets.length} secret${secrets.length === 1 ? "" : "s"}`);
    } catch (error) {
      report(`cannot read secret file ${name}: ${firstLine(error)}; keeping the secrets in use`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(poll, intervalMs);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
