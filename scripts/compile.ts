/**
 * `deno task compile [--target TRIPLE | --platform linux/ARCH] [--output PATH]`: type-checks, then
 * builds the `app` binary for one target (default: this machine) with `deno compile --target`.
 * The Dockerfile's build stage runs this with `--platform linux/$TARGETARCH`.
 * @module
 */
import { compile, typeCheck } from "./build/deno_compile.ts";
import { parseCompileArgs, USAGE, UsageError } from "./build/targets.ts";

if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
  console.log(USAGE);
  Deno.exit(0);
}
try {
  const { target, output } = parseCompileArgs(Deno.args);
  await typeCheck();
  await compile(target, output);
} catch (error) {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else console.error(`error: ${(error as Error).message}`);
  Deno.exit(error instanceof UsageError ? 2 : 1);
}
