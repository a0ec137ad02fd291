/**
 * The course's demo account, `user` / `password`: who can log in when no users file is given.
 * @module
 */
import { type Account, type Users, usersOf } from "./htpasswd.ts";

/** The course's user: `user` / `password`, stored as the Go service's bcrypt (cost 10) hash. */
export const COURSE_USERS: ReadonlyMap<string, Account> = new Map([
  ["user", {
    email: "user@example.com",
    hash: "$2a$10$KgFhp4HAaBCRAYbFp5XYUOKrbO90yrpUQte4eyafk4Tu6mnZcNWiK",
    cost: 10,
  }],
]);

/** The course's account with its decoys (cost 10), used when no users file is given. */
export const COURSE: Users = usersOf(COURSE_USERS);
