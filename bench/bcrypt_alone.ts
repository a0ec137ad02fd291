/**
 * bcryptjs alone, in a tight loop: the median time of one cost-10 comparison of the course's hash.
 * The benchmark runs it (in a process of its own, with the app's runtime flags) right before the
 * login scenario, so the login median can be read against the raw speed of the same library on
 * the same machine at that moment.
 * @module
 */
import bcrypt from "bcryptjs";
import { COURSE_USERS } from "../src/auth/accounts/course.ts";
import { RUNTIME_FLAGS } from "../tests/support/app_process.ts";
import { median } from "./table.ts";

/** Runs this file as its own process; resolves the median milliseconds it printed. */
export async function bcryptAloneMs(root: URL): Promise<number> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...RUNTIME_FLAGS, "--quiet", "bench/bcrypt_alone.ts"],
    cwd: root,
    stdout: "piped",
  }).output();
  const ms = Number(new TextDecoder().decode(output.stdout).trim());
  console.error(`bcryptjs alone: ${ms} ms per comparison (median)`);
  return ms;
}

if (import.meta.main) {
  const hash = COURSE_USERS.get("user")!.hash;
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const start = performance.now();
    bcrypt.compareSync("password", hash);
    times.push(performance.now() - start);
  }
  console.log(median(times).toFixed(1));
}
