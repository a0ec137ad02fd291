/**
 * A users file on disk: read at start-up, then polled so that a changed file replaces the users
 * while serving. Kubernetes updates a mounted Secret by swapping a `..data` symlink; polling the
 * file's identity (inode, size, modification time, through the symlinks) sees that as any other
 * change, where file-system events on the path would not.
 * @module
 */
import { DEFAULT_MAX_BCRYPT_COST, HtpasswdError, parseHtpasswd, type Users } from "./htpasswd.ts";
import { MAX_FILE_BYTES, readBoundedText, readBoundedTextSync } from "../../util/bounded_file.ts";
import { firstLine } from "../../util/error_text.ts";

/** Files larger than this are refused (an htpasswd line is ~70 bytes: ~15 000 users). */
export const MAX_USERS_FILE_BYTES = MAX_FILE_BYTES;
/**
 * How often the file is looked at. A change is read once two looks in a row agree, so a file
 * still being written in place is not taken half-written: a reload lands 1-2 s after the change
 * (Kubernetes itself takes up to a minute to update a mounted Secret).
 */
export const POLL_MS = 1_000;

function unreadable(path: string, error: unknown): undefined {
  if (error instanceof Deno.errors.NotFound) return undefined;
  throw new HtpasswdError(`cannot read users file ${JSON.stringify(path)}: ${firstLine(error)}`);
}

function parse(path: string, text: string, maxCost: number): Users {
  try {
    return parseHtpasswd(text, maxCost);
  } catch (error) {
    if (error instanceof HtpasswdError) {
      throw new HtpasswdError(`users file ${JSON.stringify(path)}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * The users of the file at `path`, or `undefined` if there is no such file (yet); at start-up.
 * Costs over `maxCost` are refused.
 */
export function readUsersFile(path: string, maxCost = DEFAULT_MAX_BCRYPT_COST): Users | undefined {
  let text: string;
  try {
    text = readBoundedTextSync(path, MAX_USERS_FILE_BYTES);
  } catch (error) {
    return unreadable(path, error);
  }
  return parse(path, text, maxCost);
}

/** {@link readUsersFile} without blocking the event loop, for reloads while serving. */
export async function loadUsersFile(
  path: string,
  maxCost = DEFAULT_MAX_BCRYPT_COST,
): Promise<Users | undefined> {
  let text: string;
  try {
    text = await readBoundedText(path, MAX_USERS_FILE_BYTES);
  } catch (error) {
    return unreadable(path, error);
  }
  return parse(path, text, maxCost);
}

/** Options for {@link watchUsersFile}. */
export interface WatchOptions {
  /** Called with the new users after a valid file replaced the old one. */
  onUsers(users: Users): void;
  /** One line about a reload, an invalid file or a vanished one. */
  log(line: string, level?: "info" | "warn"): void;
  /** Poll interval; {@link POLL_MS} by default. */
  intervalMs?: number;
  /** Highest bcrypt cost accepted; {@link DEFAULT_MAX_BCRYPT_COST} by default. */
  maxCost?: number;
}

function identity(path: string): string {
  try {
    const info = Deno.statSync(path);
    return `${info.ino}:${info.size}:${info.mtime?.getTime()}:${info.ctime?.getTime()}`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    return `error:${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Polls `path`; each change is read: a valid file's users go to `onUsers`, an invalid or
 * vanished file is logged once and the users in force stay. Returns a function that stops.
 */
export function watchUsersFile(path: string, options: WatchOptions): () => void {
  let previous = identity(path);
  let handled = previous;
  const where = JSON.stringify(path);
  let reading = false;
  let stopped = false;
  const reload = async (now: string) => {
    reading = true;
    try {
      const users = await loadUsersFile(path, options.maxCost);
      if (users === undefined || stopped) return; // vanished between the two looks; the next poll sees it
      options.onUsers(users);
      options.log(`users file ${where} reloaded: ${users.accounts.size} user(s)`);
    } catch (error) {
      options.log(`${firstLine(error)}; the users loaded before stay in force`, "warn");
    } finally {
      handled = now;
      reading = false;
    }
  };
  const timer = setInterval(() => {
    if (reading) return; // a read that hangs does not pile up more
    const now = identity(path);
    const settled = now === previous;
    previous = now;
    if (!settled || now === handled) return;
    if (now === "missing") {
      handled = now;
      options.log(`users file ${where} is gone; the users loaded before stay in force`, "warn");
      return;
    }
    reload(now);
  }, options.intervalMs ?? POLL_MS);
  Deno.unrefTimer(timer);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
