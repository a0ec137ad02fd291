/**
 * `deno task release [--target TRIPLE]...`: one type check, then `dist/app-<target>` for every
 * target we ship (or the ones given) and `dist/SHA256SUMS` (`cd dist && sha256sum -c SHA256SUMS`).
 * The checksum file is written last, only when every binary was built.
 * @module
 */
import { checksumFile } from "./build/checksums.ts";
import { compile, typeCheck } from "./build/deno_compile.ts";
import { type Target, TARGETS, UsageError } from "./build/targets.ts";

const DIST = "dist";

function parseTargets(args: readonly string[]): Target[] {
  const targets: Target[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag !== "--target") throw new UsageError(`unknown argument "${args[i]}"`);
    const value = inline ?? args[++i];
    if (!(TARGETS as readonly string[]).includes(value)) {
      throw new UsageError(`unknown target "${value ?? ""}": use one of ${TARGETS.join(", ")}`);
    }
    if (!targets.includes(value as Target)) targets.push(value as Target);
  }
  return targets.length > 0 ? targets : [...TARGETS];
}

try {
  const targets = parseTargets(Deno.args);
  const root = new URL("../", import.meta.url).pathname;
  await Deno.mkdir(`${root}${DIST}`, { recursive: true });
  // A stale SHA256SUMS must not vouch for binaries this run replaces.
  await Deno.remove(`${root}${DIST}/SHA256SUMS`).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await typeCheck();
  const names = targets.map((target) => `app-${target}`);
  for (const [i, target] of targets.entries()) await compile(target, `${DIST}/${names[i]}`);
  await Deno.writeTextFile(`${root}${DIST}/SHA256SUMS`, await checksumFile(`${root}${DIST}`, names));
  console.error(`app: ${DIST}/SHA256SUMS lists ${names.join(", ")}`);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\nusage: deno task release [--target ${TARGETS.join("|")}]...`);
  } else console.error(`error: ${(error as Error).message}`);
  Deno.exit(error instanceof UsageError ? 2 : 1);
}
