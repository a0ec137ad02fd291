/**
 * The two steps of a build: one type check, then `deno compile` per target with the start task's
 * permissions and V8 flags (read from deno.json, so `deno task start` and the binary cannot differ).
 * @module
 */
import denoConfig from "../../deno.json" with { type: "json" };
import type { Target } from "./targets.ts";

const ROOT = new URL("../../", import.meta.url);

/** The start task's flags between `deno run` and `main.ts`: permissions, --no-prompt, V8 flags. */
export function startFlags(): string[] {
  const all = denoConfig.tasks.start.split(/\s+/);
  const words = all.slice(all.indexOf("deno"));
  if (words[0] !== "deno" || words[1] !== "run" || words.at(-1) !== "main.ts") {
    throw new Error(`unexpected start task in deno.json: ${denoConfig.tasks.start}`);
  }
  return words.slice(2, -1);
}

/**
 * `deno compile`'s arguments. --no-check: the type check ran before, in its own process, so the
 * compiler runs no JavaScript and the V8 flags reach only the binary. --exclude-unused-npm: the one
 * workspace lockfile also lists the tests' packages.
 */
export function compileArgs(target: Target | undefined, output: string): string[] {
  return [
    "compile",
    "--no-check",
    "--exclude-unused-npm",
    ...startFlags(),
    "--include",
    "src/auth/bcrypt_worker.ts",
    ...(target ? ["--target", target] : []),
    "--output",
    output,
    "main.ts",
  ];
}

async function deno(args: string[]): Promise<void> {
  const { code } = await new Deno.Command("deno", { args, cwd: ROOT, stdin: "null" }).spawn().status;
  if (code !== 0) throw new Error(`deno ${args[0]} failed (exit ${code})`);
}

/** Type-checks the binary's code, the worker included, with Deno's default heap. */
export function typeCheck(): Promise<void> {
  return deno(["check", "main.ts", "src/auth/bcrypt_worker.ts"]);
}

/** Compiles `app` for `target` (this machine's when undefined) to `output`, relative to the repository. */
export function compile(target: Target | undefined, output: string): Promise<void> {
  console.error(`app: compiling for ${target ?? Deno.build.target} to ${output}`);
  return deno(compileArgs(target, output));
}
