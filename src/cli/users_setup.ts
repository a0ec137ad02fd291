/**
 * Who can log in, from the config: the users file (read at start, then watched for changes) or the
 * course's demo account, with a warning when that is what serves.
 * @module
 */
import { HtpasswdError, type Users } from "../auth/accounts/htpasswd.ts";
import { readUsersFile, watchUsersFile } from "../auth/accounts/users_file.ts";
import { COURSE } from "../auth/accounts/course.ts";
import { UserSource } from "../auth/accounts/user_source.ts";
import { ConfigError } from "./config_error.ts";
import { logLine } from "../server/log.ts";

/** The users in force (replaced whole on a reload) and a function that stops watching. */
export interface UsersSetup {
  source: UserSource;
  stop(): void;
}

const COURSE_ONLY = `only the course's demo account "user" can log in`;

/**
 * Loads `path` (throws {@link ConfigError} for an invalid or unreadable file) and watches it; a
 * missing file, or none given, serves the course's account with a warning (a lifecycle line). A missing
 * file is watched too: a Kubernetes Secret mounted with `optional: true` may appear later.
 */
export function loadUsers(path: string | undefined, maxCost?: number): UsersSetup {
  if (path === undefined) {
    logLine(`no -users-file: ${COURSE_ONLY} (see the README for your own users)`, "warn");
    return { source: new UserSource(COURSE), stop: () => {} };
  }
  let read: Users | undefined;
  try {
    read = readUsersFile(path, maxCost);
  } catch (error) {
    if (error instanceof HtpasswdError) throw new ConfigError(error.message);
    throw error;
  }
  if (read === undefined) {
    logLine(`users file ${JSON.stringify(path)} does not exist (yet): ${COURSE_ONLY} until it does`, "warn");
  } else {
    logLine(`Users file ${JSON.stringify(path)}: ${read.accounts.size} user(s)`);
  }
  const source = new UserSource(read ?? COURSE);
  const stop = watchUsersFile(path, {
    onUsers: (next) => source.replace(next),
    log: logLine,
    maxCost,
  });
  return { source, stop };
}
