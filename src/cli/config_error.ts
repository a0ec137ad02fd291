/**
 * What the configuration phases share and import from nowhere else: the error of a configuration
 * the process cannot run with, and the file reader they are given.
 * @module
 */

/** A configuration the process cannot run with although the command line was well formed (exit 1). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads a file as text; injectable so tests need no file system. */
export type ReadText = (path: string) => string;
