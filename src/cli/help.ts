/**
 * The help text: the top-level usage and each mode's. The routes a mode lists come from the modes
 * table, so help cannot drift from what a mode serves.
 * @module
 */
import type { Route } from "../http/app.ts";
import { formatFlagHelp } from "./flags.ts";
import { type Mode, MODES } from "./modes.ts";
import { modeFlags } from "./mode_flags.ts";

/** What each mode is, in words; its paths are appended from {@link MODES}. */
const MODE_DESCRIPTIONS: Record<Mode, string> = {
  monolith: "everything in one process",
  auth: "the auth microservice",
  hello: "the hello microservice",
};

/** One line about `mode`: its description and the paths it serves, in table order. */
export function modeSummary(mode: Mode): string {
  const routes: readonly Route[] = MODES[mode];
  return `${MODE_DESCRIPTIONS[mode]}: ${routes.map((route) => route.path).join(", ")}`;
}

/** Top-level help. */
export function usage(): string {
  const modes = (Object.keys(MODES) as Mode[])
    .map((mode) => `  ${mode.padEnd(10)}${modeSummary(mode)}`)
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
export function modeUsage(mode: Mode): string {
  return `Usage: app ${mode} [flags]

${modeSummary(mode)}

Flags (Go syntax: -name value, -name=value, --name value; a flag wins over its env variable):
${formatFlagHelp(modeFlags(mode))}
`;
}
