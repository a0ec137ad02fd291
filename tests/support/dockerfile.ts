/**
 * The Dockerfile, read the way Docker reads it (continuation lines joined, comments dropped, one
 * instruction per line, stages split at FROM), and its build stage run on this machine: the COPY
 * lines copy from the repository into a temporary WORKDIR and the RUN lines run there with `sh -c`,
 * with the ARG defaults in the environment. There is no Docker engine here; this runs the same
 * steps with the `deno` of this machine instead of the image's (the same version, a test checks).
 * @module
 */
import { basename, dirname, join, posix } from "node:path";

const ROOT = new URL("../../", import.meta.url);

/** One instruction: `RUN`, its argument text. */
export interface Instruction {
  keyword: string;
  text: string;
}

/** The Dockerfile's instructions: the global ARGs (before the first FROM), then each stage. */
export async function readDockerfile(): Promise<{ globals: Instruction[]; stages: Instruction[][] }> {
  const text = (await Deno.readTextFile(new URL("Dockerfile", ROOT))).replace(/\\\n/g, "");
  const globals: Instruction[] = [];
  const stages: Instruction[][] = [];
  for (const line of text.split("\n").map((line) => line.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === "FROM") stages.push([]);
    (stages.at(-1) ?? globals).push({ keyword: keyword.toUpperCase(), text: rest });
  }
  return { globals, stages };
}

/**
 * The Dockerfile's instructions, by stage. A stage's `ARG NAME` without a default takes the global
 * ARG's default, as Docker does: it is returned as `NAME=default`.
 */
export async function readStages(): Promise<Instruction[][]> {
  const { globals, stages } = await readDockerfile();
  const defaults = new Map(
    globals.filter(({ keyword, text }) => keyword === "ARG" && text.includes("="))
      .map(({ text }) => [text.slice(0, text.indexOf("=")), text] as const),
  );
  return stages.map((stage) =>
    stage.map((instruction) =>
      instruction.keyword === "ARG" && defaults.has(instruction.text)
        ? { ...instruction, text: defaults.get(instruction.text)! }
        : instruction
    )
  );
}

/** The result of running the build stage. */
export interface BuildResult {
  /** The first RUN that failed, or undefined. */
  failed?: string;
  /** Everything each RUN printed (stdout then stderr), in order. */
  output: { run: string; code: number; stdout: string; stderr: string; ms: number }[];
}

/**
 * Runs `stage` (its COPY, ARG, WORKDIR and RUN lines; any other instruction throws, so a new one
 * cannot be skipped silently) in `work`, which stands for the stage's WORKDIR. The RUN lines see
 * the ARG defaults and `env`, nothing else.
 */
export async function runBuildStage(
  stage: Instruction[],
  work: string,
  env: Record<string, string>,
): Promise<BuildResult> {
  const args: Record<string, string> = {};
  const output: BuildResult["output"] = [];
  for (const { keyword, text } of stage) {
    if (keyword === "FROM" || keyword === "WORKDIR") continue;
    if (keyword === "ARG") {
      const [name, value = ""] = text.split(/=(.*)/s, 2);
      args[name] = value;
    } else if (keyword === "COPY") {
      const paths = text.split(/\s+/);
      if (paths.some((path) => path.startsWith("--"))) throw new Error(`unsupported COPY: ${text}`);
      const dest = paths.pop()!;
      for (const source of paths) await copyInto(new URL(source, ROOT), join(work, dest), dest.endsWith("/"));
    } else if (keyword === "RUN") {
      const started = performance.now();
      const out = await new Deno.Command("sh", {
        args: ["-c", text],
        cwd: work,
        env: { ...args, ...env },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      output.push({
        run: text,
        code: out.code,
        stdout: decoder.decode(out.stdout),
        stderr: decoder.decode(out.stderr),
        ms: performance.now() - started,
      });
      if (out.code !== 0) return { failed: text, output };
    } else {
      throw new Error(`the build stage has ${keyword}, which this runner does not know`);
    }
  }
  return { output };
}

/** Docker's COPY: a directory's contents go into `dest`; a file goes into `dest/` or becomes `dest`. */
async function copyInto(source: URL, dest: string, destIsDir: boolean): Promise<void> {
  const info = await Deno.stat(source);
  if (info.isDirectory) {
    const base = source.href.endsWith("/") ? source : new URL(`${source.href}/`);
    await Deno.mkdir(dest, { recursive: true });
    for await (const entry of Deno.readDir(base)) {
      await copyInto(new URL(entry.name, base), join(dest, entry.name), entry.isDirectory);
    }
    return;
  }
  const target = destIsDir ? join(dest, basename(source.pathname)) : dest;
  await Deno.mkdir(dirname(target), { recursive: true });
  await Deno.copyFile(source, target);
}

/** The build-stage path the runtime stage copies (`COPY --from=build /src/app /app`), relative to WORKDIR. */
export function builtArtifact(build: Instruction[], runtime: Instruction[]): string {
  const workdir = build.findLast(({ keyword }) => keyword === "WORKDIR")?.text ?? "/";
  const copy = runtime.find(({ keyword, text }) => keyword === "COPY" && text.startsWith("--from=build "));
  if (!copy) throw new Error("the runtime stage copies nothing from the build stage");
  return posix.relative(workdir, copy.text.split(/\s+/)[1]);
}
