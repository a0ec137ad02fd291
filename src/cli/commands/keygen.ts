/**
 * `app keygen [-alg EdDSA|ES256] [-out DIR] [-force]`: writes a token signing key pair as
 * `signing-key.pem` (PKCS#8, mode 0600) and `verify-key.pem` (SPKI), never overwriting by accident.
 * @module
 */
import { join } from "node:path";
import { existingKeyFiles, generateKeyFiles, writeKeyFiles } from "../../keys/keygen.ts";
import { KEY_ALGS, type KeyAlg } from "../../keys/key_types.ts";
import { type FlagSpec, formatFlagHelp, parseGoFlags, resolveFlags, UsageError } from "../flags.ts";
import { firstLine } from "../../util/error_text.ts";
import { Exit, type Io } from "../io.ts";

/** Flags `app keygen` accepts. */
export const KEYGEN_FLAGS: readonly FlagSpec[] = [
  {
    name: "alg",
    type: "string",
    default: "EdDSA",
    value: "ALG",
    help: "EdDSA (Ed25519) or ES256 (ECDSA P-256)",
  },
  { name: "out", type: "string", default: "keys", value: "DIR", help: "directory to write the files to" },
  { name: "force", type: "boolean", help: "replace existing files" },
];

/** Help for `app keygen`. */
export function keygenUsage(): string {
  return `Usage: app keygen [flags]

Writes a new token signing key pair: signing-key.pem (PKCS#8 private key, mode 0600) for
'app auth -signing-key' and verify-key.pem (SPKI public key) for 'app hello -verify-key'.

Flags (Go syntax: -name value, -name=value, --name value):
${formatFlagHelp(KEYGEN_FLAGS)}
`;
}

/** Runs `app keygen` with the arguments after the command name; resolves the exit code. */
export async function runKeygen(args: readonly string[], io: Io): Promise<number> {
  let dir: string, alg: KeyAlg, force: boolean;
  try {
    const parsed = parseGoFlags(args, KEYGEN_FLAGS);
    if (parsed.help) {
      io.out(keygenUsage());
      return Exit.ok;
    }
    const settings = resolveFlags(parsed, KEYGEN_FLAGS, io.env);
    dir = settings.out.value;
    if (dir === "") throw new UsageError("-out must not be empty");
    const wanted = KEY_ALGS.find((name) => name.toLowerCase() === settings.alg.value.toLowerCase());
    if (wanted === undefined) {
      throw new UsageError(
        `invalid value ${JSON.stringify(settings.alg.value)} for -alg: want EdDSA or ES256`,
      );
    }
    alg = wanted;
    force = settings.force.value === "true";
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`app keygen: ${firstLine(error)}\n\n${keygenUsage()}`);
      return Exit.usage;
    }
    throw error;
  }
  try {
    if (!force) {
      const present = await existingKeyFiles(dir);
      if (present.length > 0) {
        io.err(`app keygen: ${present[0]} already exists; use -force to replace the files\n`);
        return Exit.failure;
      }
    }
    await writeKeyFiles(dir, await generateKeyFiles(alg), force);
    io.out(
      `wrote ${join(dir, "signing-key.pem")} (${alg} private key, keep it secret) and ${
        join(dir, "verify-key.pem")
      }\n` +
        `sign with: app auth -signing-key ${join(dir, "signing-key.pem")}\n` +
        `verify with: app hello -verify-key ${join(dir, "verify-key.pem")}\n`,
    );
    return Exit.ok;
  } catch (error) {
    io.err(`app keygen: cannot write to ${JSON.stringify(dir)}: ${firstLine(error)}\n`);
    return Exit.failure;
  }
}
