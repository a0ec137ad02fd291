/**
 * A users file on disk: read at start-up, then polled so that a changed file replaces the users
 * while serving. Kubernetes updates a mounted Secret by swapping a `..data` symlink; polling the
 * file's identity (inode, size, modification time, through the symlinks) sees that as any other
 * change, where file-system events on the path would not.
 * @module
 */
import { DEFAULT_MAX_BCRYPT_COST, HtpasswdError, parseHtpasswd, type Users } from "./htpasswd.ts";

/** Files larger than this are refused (an htpasswd line is ~70 bytes: ~15 000 users). */
export const MAX_USERS_FILE_BYTES = 1 << 20;
/**
 * How often the file is looked at. A change is read once two looks in a row agree, so a file
 * still being written in place is not taken half-written: a reload lands 1-2 s after the change
 * (Kubernetes itself takes up to a minute to update a mounted Secret).
 */
export const POLL_MS = 1_000;

/**
 * The users of the file at `path`, or `undefined` if there is no such file (yet); costs over
 * `maxCost` are refused.
 */
export function readUsersFile(path: string, maxCost = DEFAULT_MAX_BCRYPT_COST): Users | undefined {
  let text: string;
  try {
    if (Deno.statSync(path).size > MAX_USERS_FILE_BYTES) {
      throw new HtpasswdError(`users file ${JSON.stringify(path)}: over ${MAX_USERS_FILE_BYTES} bytes`);
    }
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof HtpasswdError) throw error;
    if (error instanceof Deno.errors.NotFound) return undefined;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new HtpasswdError(`cannot read users file ${JSON.stringify(path)}: ${reason}`);
  }
  try {
    return parseHtpasswd(text, maxCost);
  } catch (error) {
    if (error instanceof HtpasswdError) {
      throw new HtpasswdError(`users file ${JSON.stringify(path)}: ${error.message}`);
    }
    throw error;
  }
}

/** Options for {@link watchUsersFile}. */
export interface WatchOptions {
  /** Called with the new users after a valid file replaced the old one. */
  onUsers(users: Users): void;
  /** One line about a reload, an invalid file or a vanished one. */
  log(line: string): void;
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
  const timer = setInterval(() => {
    const now = identity(path);
    const settled = now === previous;
    previous = now;
    if (!settled || now === handled) return;
    handled = now;
    if (now === "missing") {
      options.log(`users file ${where} is gone; the users loaded before stay in force`);
      return;
    }
    try {
      const users = readUsersFile(path, options.maxCost);
      if (users === undefined) return; // vanished between the two looks; the next poll sees it
      options.onUsers(users);
      options.log(`users file ${where} reloaded: ${users.accounts.size} user(s)`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`${reason}; the users loaded before stay in force`);
    }
  }, options.intervalMs ?? POLL_MS);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
