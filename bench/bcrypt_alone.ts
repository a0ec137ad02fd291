/**
 * bcrypt alone, in a tight loop: the median time of one cost-10 comparison of the course's hash with
 * the app's comparer (hash-wasm) and with bcryptjs (the one it replaced), interleaved. The benchmark
 * runs it (in a process of its own, with the app's runtime flags) right before the login scenario,
 * so the login median can be read against the raw speed of bcrypt on the same machine at that moment.
 * @module
 */
import bcrypt from "bcryptjs";
import { compareBcrypt } from "../src/auth/bcrypt_compare.ts";
import { COURSE_USERS } from "../src/auth/accounts/course.ts";
import { median } from "./table.ts";

/** Median milliseconds of one comparison, per implementation. */
export interface BcryptAlone {
  app: number;
  bcryptjs: number;
}

/** Runs this file as its own process; resolves the medians it printed. */
export async function bcryptAloneMs(root: URL): Promise<BcryptAlone> {
  // Imported here, not at the top: this module is also the child, which has the app's permissions only,
  // and importing app_process.ts runs `sh` (its launcher).
  const { RUNTIME_FLAGS } = await import("../tests/support/app_process.ts");
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...RUNTIME_FLAGS, "--quiet", "bench/bcrypt_alone.ts"],
    cwd: root,
    stdout: "piped",
  }).output();
  const [app, bcryptjs] = new TextDecoder().decode(output.stdout).trim().split(" ").map(Number);
  console.error(`bcrypt alone: ${app} ms per comparison (median; bcryptjs ${bcryptjs} ms)`);
  return { app, bcryptjs };
}

if (import.meta.main) {
  const hash = COURSE_USERS.get("user")!.hash;
  const app: number[] = [];
  const js: number[] = [];
  await compareBcrypt("password", hash); // the WebAssembly compile is not a comparison
  for (let i = 0; i < 11; i++) {
    let start = performance.now();
    await compareBcrypt("password", hash);
    app.push(performance.now() - start);
    start = performance.now();
    bcrypt.compareSync("password", hash);
    js.push(performance.now() - start);
  }
  console.log(`${median(app).toFixed(1)} ${median(js).toFixed(1)}`);
}
