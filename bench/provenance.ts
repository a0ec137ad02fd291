/**
 * Which code and which command produced a benchmark table: every recorded table carries it, so a
 * table of other code cannot pass for the current one.
 * @module
 */

/** The environment variables that change the load (see bench/README.md). */
export const LOAD_VARIABLES = ["BENCH_ROUNDS", "BENCH_ROUND_SECONDS", "BENCH_SECONDS", "BENCH_CONNECTIONS"];

/** What was run, on what. */
export interface Provenance {
  /** Commit hash of the tree measured. */
  commit: string;
  /** Whether the tree had changes the commit does not hold. */
  dirty: boolean;
  args: readonly string[];
  env: (name: string) => string | undefined;
}

/** One line: the commit (and whether the tree differed from it) and the exact command. */
export function provenanceLine({ commit, dirty, args, env }: Provenance): string {
  const vars = LOAD_VARIABLES.flatMap((name) => env(name) === undefined ? [] : [`${name}=${env(name)}`]);
  const command = [...vars, "deno task bench", ...args].join(" ");
  return `Code: commit ${commit}${
    dirty ? " plus uncommitted changes (not reproducible from the commit)" : ""
  }; ` +
    `command: \`${command}\`.`;
}

/** The commit of the working tree and whether it has uncommitted changes (bench/results/ aside). */
export async function gitState(cwd: URL): Promise<{ commit: string; dirty: boolean }> {
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "piped" }).output();
    if (!out.success) {
      throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr).trim()}`);
    }
    return new TextDecoder().decode(out.stdout).trim();
  };
  const commit = await git("rev-parse", "--short=12", "HEAD");
  const status = await git("status", "--porcelain", "--", ".", ":(exclude)bench/results");
  return { commit, dirty: status !== "" };
}
