/**
 * Spawns the real CLI (`main.ts` with the release permissions and V8 flags, exactly as `deno task
 * start` runs it and the compile task bakes them in) on ephemeral loopback ports and reads the bound
 * ports from its log.
 * @module
 */

import denoConfig from "../../deno.json" with { type: "json" };
import { type OutputMatch, type OutputStream, spawnDeno, type SpawnOptions } from "./process.ts";

const ROOT = new URL("../../", import.meta.url);

const TASK = denoConfig.tasks.start.split(/\s+/);
const DENO_AT = TASK.indexOf("deno");
const START = TASK.slice(DENO_AT);
if (DENO_AT < 0 || START[1] !== "run" || START.at(-1) !== "main.ts") {
  throw new Error(`unexpected start task in deno.json: ${denoConfig.tasks.start}`);
}

/**
 * What `deno task start` runs deno under: the words `scripts/signal_guard.sh` prints
 * (`env --block-signal=...` on Linux: the process starts with SIGUSR1 and SIGUSR2 blocked, so Deno's
 * SIGUSR1 inspector can never open).
 */
export const LAUNCHER: readonly string[] = launcher();

function launcher(): string[] {
  if (TASK.slice(0, DENO_AT).join(" ") !== "$(sh scripts/signal_guard.sh)") {
    throw new Error(`unexpected launcher in the start task: ${denoConfig.tasks.start}`);
  }
  const guard = new Deno.Command("sh", { args: ["scripts/signal_guard.sh"], cwd: ROOT, stderr: "inherit" });
  return new TextDecoder().decode(guard.outputSync().stdout).split(/\s+/).filter((word) => word !== "");
}

/**
 * Every flag of `deno task start` (between `deno run` and `main.ts`): the lockfile, the permissions
 * and the V8 flags. The compile task bakes the same permissions and V8 flags into the binary
 * (tests/compile_test.ts reads them back out of it): one place for all three.
 */
export const RUN_FLAGS: readonly string[] = START.slice(2, -1);

/** The V8 flags (`--v8-flags=...`) among {@link RUN_FLAGS}. */
export const RUNTIME_FLAGS: readonly string[] = RUN_FLAGS.filter((word) => word.startsWith("--v8-flags="));

/** A running `app` process. */
export interface AppProcess {
  /** `http://127.0.0.1:PORT` of the HTTP service. */
  url: string;
  /** `http://127.0.0.1:PORT` of the health service. */
  healthUrl: string;
  child: Deno.ChildProcess;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves once `match` holds for the stream's text so far (e.g. an access-log line, a log
   * message); rejects when the process exits first or `timeoutMs` (10 s) pass.
   */
  waitFor(stream: OutputStream, match: OutputMatch, timeoutMs?: number): Promise<string>;
  /** Sends a signal (default SIGTERM) and resolves the exit status. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** Resolves when the process has exited and its output is fully read. */
  status: Promise<Deno.CommandStatus>;
}

/** Arguments that run the CLI from source with the binary's permissions and V8 flags. */
export function cliArgs(args: readonly string[]): string[] {
  return ["run", ...RUN_FLAGS, "--quiet", "main.ts", ...args];
}

/** Runs the CLI to completion (for usage errors, help, version). */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: cliArgs(args),
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

/**
 * Starts `app <mode>` on `127.0.0.1:0` for both services (unless `args` set them), launched as the
 * start task launches it, and waits for
 * both "listening on" lines. Rejects with the process's stderr if it exits or 20 s pass first.
 * `cwd` runs another checkout's `main.ts` (another version of the app); this one by default.
 * `spawn` can lower the child's descriptor limit or leave its stdout unread.
 */
export async function startApp(
  mode: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
  cwd: string | URL = ROOT,
  spawn: Pick<SpawnOptions, "fdLimit" | "stdoutUnread" | "stdoutFile"> = {},
): Promise<AppProcess> {
  const full = [mode, "-http", "127.0.0.1:0", "-health", "127.0.0.1:0", ...args];
  const app = spawnDeno(cliArgs(full), { cwd, env, launcher: LAUNCHER, ...spawn });
  const listening = (name: string) =>
    new RegExp(`${name} service listening on (\\S+):(\\d+)`).exec(app.stderr())?.[2];
  await app.waitFor(
    "stderr",
    () => listening("HTTP") !== undefined && listening("Health") !== undefined,
    20_000,
  )
    .catch((error) => {
      throw new Error(`app ${mode} did not start listening: ${error.message}`);
    });
  return {
    url: `http://127.0.0.1:${listening("HTTP")}`,
    healthUrl: `http://127.0.0.1:${listening("Health")}`,
    child: app.child,
    stdout: app.stdout,
    stderr: app.stderr,
    waitFor: app.waitFor,
    stop: (signal: Deno.Signal = "SIGTERM") => app.stop(signal),
    status: app.status,
  };
}
