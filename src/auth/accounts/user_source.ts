/**
 * Who can log in right now: the password check reads the users in force at every login, and a
 * users file's watcher replaces them whole when the file changes.
 * @module
 */
import type { Users } from "./htpasswd.ts";

/** The users in force, replaceable while serving. */
export class UserSource {
  #users: Users;

  constructor(initial: Users) {
    this.#users = initial;
  }

  /** The users in force now. */
  current(): Users {
    return this.#users;
  }

  /** Puts `next` in force for every later login; a login already under way keeps what it read. */
  replace(next: Users): void {
    this.#users = next;
  }
}
