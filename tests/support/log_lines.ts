/**
 * An access-log writer whose lines are kept in memory, for tests of what gets logged.
 * @module
 */
import { AccessLogWriter } from "../../src/http/access_log/writer.ts";

/** A writer whose lines land in `lines` (`flush()` the log before reading them). */
export function collectedLog(): { log: AccessLogWriter; lines: string[] } {
  const lines: string[] = [];
  const log = new AccessLogWriter({
    write: (bytes) => {
      lines.push(...new TextDecoder().decode(bytes).split("\n").filter(Boolean));
      return Promise.resolve(bytes.length);
    },
    flushMs: 60_000,
  });
  return { log, lines };
}
