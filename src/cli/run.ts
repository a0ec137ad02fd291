/**
 * The command line: `app <mode> [flags]`, `app --help`, `app --version`.
 * @module
 */
import { parseServeConfig } from "./config.ts";
import { ConfigError } from "./config_error.ts";
import { UsageError } from "./flags.ts";
import { isMode } from "./modes.ts";
import { modeUsage, usage } from "./help.ts";
import { runMode } from "./serve.ts";
import { ListenError } from "../server/listen.ts";
import { VERSION } from "../util/version.ts";
import { Exit, type Io, processIo } from "./io.ts";

/** Runs the command line; resolves the process exit code. */
export async function run(args: readonly string[], io: Io = processIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) {
    io.err(usage());
    return Exit.usage;
  }
  if (["-h", "-help", "--help", "help"].includes(first)) {
    io.out(usage());
    return Exit.ok;
  }
  if (["-version", "--version", "version"].includes(first)) {
    io.out(`app ${VERSION}\n`);
    return Exit.ok;
  }
  if (first === "certgen") {
    // Loaded on demand so the serving modes never load the X.509 library.
    const { runCertgen } = await import("./commands/certgen.ts");
    return await runCertgen(rest, io);
  }
  if (first === "keygen") {
    const { runKeygen } = await import("./commands/keygen.ts");
    return await runKeygen(rest, io);
  }
  if (first === "healthcheck") {
    const { runHealthcheck } = await import("./commands/healthcheck.ts");
    return await runHealthcheck(rest, io);
  }
  if (first === "hash-password") {
    const { runHashPassword } = await import("./commands/hash_password.ts");
    return await runHashPassword(rest, io);
  }
  if (!isMode(first)) {
    io.err(`app: unknown mode ${JSON.stringify(first)}\n\n${usage()}`);
    return Exit.usage;
  }
  try {
    const parsed = parseServeConfig(rest, io.env, undefined, first);
    if (parsed.help) {
      io.out(modeUsage(first));
      return Exit.ok;
    }
    return await runMode(first, parsed.config, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`app ${first}: ${error.message}\n\n${modeUsage(first)}`);
      return Exit.usage;
    }
    if (error instanceof ConfigError || error instanceof ListenError) {
      io.err(`app ${first}: ${error.message}\n`);
      return Exit.failure;
    }
    throw error;
  }
}
