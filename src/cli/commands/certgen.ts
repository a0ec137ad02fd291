/**
 * `app certgen [-host NAMES] [-out DIR] [-force]`: writes a fresh CA and server certificate as
 * `ca.pem`, `ca-key.pem`, `cert.pem`, `key.pem` (keys mode 0600), never overwriting by accident.
 * @module
 */
import { join } from "node:path";
import { CERT_FILE_NAMES, generateCertificates } from "../../certgen/certificates.ts";
import { existingFiles, writeFiles } from "../../certgen/files.ts";
import { certificateHosts, HostError, parseHostList } from "../../certgen/hosts.ts";
import { type FlagSpec, formatFlagHelp, parseGoFlags, resolveFlags, UsageError } from "../flags.ts";
import { firstLine } from "../../util/error_text.ts";
import { Exit, type Io } from "../io.ts";

/** Flags `app certgen` accepts. */
const CERTGEN_FLAGS: readonly FlagSpec[] = [
  {
    name: "host",
    type: "string",
    value: "NAMES",
    help: "comma-separated extra DNS names or IP addresses for the server certificate",
  },
  { name: "out", type: "string", default: "tls", value: "DIR", help: "directory to write the files to" },
  { name: "force", type: "boolean", help: "replace existing files" },
];

/** Help for `app certgen`. */
function certgenUsage(): string {
  return `Usage: app certgen [flags]

Writes a new private CA (ca.pem, ca-key.pem) and a server certificate signed by it (cert.pem,
key.pem) for localhost, 127.0.0.1, ::1, *.example.com and the course's Services (frontend, auth,
hello, monolith, also as NAME.default.svc[.cluster.local]). Keys are written with mode 0600.

Flags (Go syntax: -name value, -name=value, --name value):
${formatFlagHelp(CERTGEN_FLAGS)}
`;
}

/** Runs `app certgen` with the arguments after the command name; resolves the exit code. */
export async function runCertgen(args: readonly string[], io: Io): Promise<number> {
  let dir: string, extra: string[], force: boolean;
  try {
    const parsed = parseGoFlags(args, CERTGEN_FLAGS);
    if (parsed.help) {
      io.out(certgenUsage());
      return Exit.ok;
    }
    const settings = resolveFlags(parsed, CERTGEN_FLAGS, io.env);
    dir = settings.out.value;
    if (dir === "") throw new UsageError("-out must not be empty");
    extra = parseHostList(settings.host.value);
    force = settings.force.value === "true";
  } catch (error) {
    if (error instanceof UsageError || error instanceof HostError) {
      io.err(`app certgen: ${firstLine(error)}\n\n${certgenUsage()}`);
      return Exit.usage;
    }
    throw error;
  }
  try {
    if (!force) {
      const present = await existingFiles(dir);
      if (present.length > 0) {
        io.err(`app certgen: ${present[0]} already exists; use -force to replace the files\n`);
        return Exit.failure;
      }
    }
    const hosts = certificateHosts(extra);
    await writeFiles(dir, await generateCertificates(hosts), force);
    io.out(
      `wrote ${CERT_FILE_NAMES.map((name) => join(dir, name)).join(", ")}\n` +
        `server certificate for ${[...hosts.dns, ...hosts.ips].join(", ")}\n` +
        `clients trust it with: curl --cacert ${join(dir, "ca.pem")} https://localhost:PORT/\n`,
    );
    return Exit.ok;
  } catch (error) {
    io.err(`app certgen: cannot write to ${JSON.stringify(dir)}: ${firstLine(error)}\n`);
    return Exit.failure;
  }
}
