/**
 * The command line: `app <mode> [flags]`, `app --help`, `app --version`.
 * @module
 */
import { parseServeConfig } from "./config.ts";
import { ConfigError } from "./config_error.ts";
import { modeFlags } from "./mode_flags.ts";
import { formatFlagHelp, UsageError } from "./flags.ts";
import { isMode, type Mode, MODES } from "./modes.ts";
import { runMode } from "./serve.ts";
import { ListenError } from "../server/listen.ts";
import { VERSION } from "../util/version.ts";
import { Exit, type Io, processIo } from "./io.ts";

const MODE_SUMMARY: Record<Mode, string> = {
  monolith: "everything in one process: /, /secure, /login, /version",
  auth: "the auth microservice: /login, /version",
  hello: "the hello microservice: /, /secure, /version",
};

/** Top-level help. */
function usage(): string {
  const modes = (Object.keys(MODES) as Mode[])
    .map((mode) => `  ${mode.padEnd(10)}${MODE_SUMMARY[mode]}`)
    .join("\n");
  return `Usage: app <mode> [flags]
       app certgen [flags]
       app keygen [flags]
       app healthcheck [flags]
       app hash-password [flags] < password

The course's microservices in one binary.

Modes:
${modes}

Every mode also serves /healthz and /readiness on its health address.

Commands:
  certgen        write a private CA and a TLS server certificate for nginx (tls/*.pem)
  keygen         write a token signing key pair (keys/signing-key.pem, keys/verify-key.pem)
  healthcheck    exit 0 when the local /readiness answers 2xx, else 1 (the image's HEALTHCHECK)
  hash-password  print a bcrypt htpasswd line for -users-file (password on stdin, no echo)

Run 'app <mode> -help' or 'app <command> -help' for the flags; 'app --version' prints the version.
`;
}

/** Help for one mode. */
function modeUsage(mode: Mode): string {
  return `Usage: app ${mode} [flags]

${MODE_SUMMARY[mode]}

Flags (Go syntax: -name value, -name=value, --name value; a flag wins over its env variable):
${formatFlagHelp(modeFlags(mode))}
`;
}

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
