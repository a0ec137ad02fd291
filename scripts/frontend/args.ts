/**
 * The command line of `deno task frontend`: Go-style flags, only `-port`.
 * @module
 */

/** Printed after a usage error, and alone for `-h`. */
export const USAGE =
  "usage: deno task frontend [-port PORT]   (PORT: where nginx listens, default 8443; 0 picks one)";

/** A bad command line; an empty message means help was asked for. */
export class UsageError extends Error {}

/** The port nginx should listen on (default 8443; 0 picks a free one); throws {@link UsageError}. */
export function parsePort(args: readonly string[]): number {
  let port = 8443;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].replace(/^--?/, "-").split(/=(.*)/s);
    if (flag === "-h" || flag === "-help") throw new UsageError("");
    if (flag !== "-port") throw new UsageError(`flag provided but not defined: ${args[i]}`);
    const value = inline ?? args[++i];
    port = Number(value);
    if (!/^\d+$/.test(value ?? "") || port > 65535) {
      throw new UsageError(`invalid value "${value ?? ""}" for flag -port: not a port number`);
    }
  }
  return port;
}
