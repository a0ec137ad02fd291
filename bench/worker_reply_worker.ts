/// <reference lib="deno.worker" />
/**
 * The worker of `worker_reply.ts`: the login's bcrypt comparison, or a busy loop as long, then the
 * answer with the times it began and ended (`performance.timeOrigin`-based, comparable across threads).
 * @module
 */
import { compareBcrypt } from "../src/auth/bcrypt_compare.ts";
import { COURSE_USERS } from "../src/auth/accounts/course.ts";

const hash = COURSE_USERS.get("user")!.hash;
const now = () => performance.timeOrigin + performance.now();

self.onmessage = async (event: MessageEvent<"bcrypt" | "spin">) => {
  const began = now();
  if (event.data === "bcrypt") await compareBcrypt("password", hash);
  else while (now() - began < 70); // as long as a cost-10 comparison on a quiet core
  self.postMessage({ began, ended: now() });
};
