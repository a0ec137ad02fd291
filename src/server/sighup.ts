/**
 * SIGHUP re-reads what the process reads from files. Each part that reads a file registers a
 * reloader here; the composition root registers them, the lifecycle runs them on SIGHUP.
 * @module
 */
import { firstLine } from "../util/error_text.ts";
import { type Level, logLine } from "./log.ts";

/**
 * Re-reads one thing and swaps it in, or throws (the old one then stays in use). May return a
 * short note for the log line (e.g. "unchanged").
 */
export type Reloader = () => string | void | Promise<string | void>;

/** The reloaders of one process, run in the order they were registered. */
export class SighupRegistry {
  #reloaders: { name: string; reload: Reloader }[] = [];
  #log: (line: string, level?: Level) => void;

  constructor(log: (line: string, level?: Level) => void = logLine) {
    this.#log = log;
  }

  /** Registers `reload` under `name` (e.g. "secret file /etc/jwt/secret"); runs on every SIGHUP. */
  onReload(name: string, reload: Reloader): void {
    this.#reloaders.push({ name, reload });
  }

  /**
   * Runs every reloader, one log line each; a failing one keeps what it had and does not stop the
   * others. Resolves how many failed.
   */
  async reloadAll(): Promise<number> {
    if (this.#reloaders.length === 0) {
      this.#log("SIGHUP: nothing to reload (no file-based settings)");
      return 0;
    }
    let failed = 0;
    for (const { name, reload } of this.#reloaders) {
      try {
        const note = await reload();
        this.#log(`SIGHUP: reloaded ${name}${note ? ` (${note})` : ""}`);
      } catch (error) {
        failed++;
        this.#log(`SIGHUP: cannot reload ${name}: ${firstLine(error)}; keeping the previous one`, "warn");
      }
    }
    return failed;
  }
}
