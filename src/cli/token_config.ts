/**
 * The token part of the serving config: shared secrets (a flag, the environment or a file) and
 * key files or a JWKS URL. The secret file is read here, while parsing, because its text is the
 * secrets; key files are only checked for form here and read when the mode is wired (key_setup.ts).
 * @module
 */
import { origin, type Setting, UsageError } from "./flags.ts";
import { ConfigError, type ReadText } from "./config_error.ts";
import { firstLine } from "../util/error_text.ts";
import { parseSecrets } from "../auth/secret_file.ts";

/** Where the signing secret came from; `default` means the well-known course secret. */
export type SecretSource = "flag" | "env" | "file" | "default";

/** The shared secrets that sign and verify HS256 tokens. */
export interface SecretConfig {
  /** The signing secret (the first of {@link SecretConfig.secrets}). */
  secret: string;
  /** Every secret that verifies, the signing one first. */
  secrets: readonly string[];
  secretSource: SecretSource;
  /** The secret file and the text read from it at start; re-read every second and on SIGHUP. */
  secretFile?: { path: string; text: string };
}

/** The key files and JWKS URL, checked for form only. */
export interface KeyConfig {
  /** `-signing-key`: the private key file that signs tokens instead of the secret. */
  signingKey?: string;
  /** `-verify-key`: public key files that verify tokens. */
  verifyKeys: readonly string[];
  /** `-jwks-url`: where to fetch the keys that verify tokens. */
  jwksUrl?: string;
}

/** The secrets, from `-secret`, `-secret-file` or their environment variables. */
export function resolveSecret(
  secret: Setting,
  file: Setting,
  readText: ReadText,
  env: (name: string) => string | undefined,
): SecretConfig {
  if (secret.from === "default" && file.from === "default") {
    // Set but empty (a missing key in a Kubernetes Secret, a typo in a shell): falling back to
    // the well-known course secret would be silent and unsafe.
    for (const name of [secret.env, file.env]) {
      if (name !== undefined && env(name) === "") {
        throw new ConfigError(`${name} is set but empty: give it a value or unset it`);
      }
    }
  }
  if (file.from !== "default") {
    if (secret.from === "flag" || (secret.from === "env" && file.from === "env")) {
      throw new UsageError(
        `give either ${origin("secret", secret)} or ${origin("secret-file", file)}, not both`,
      );
    }
    let text: string;
    try {
      text = readText(file.value);
    } catch (error) {
      throw new ConfigError(`cannot read secret file ${JSON.stringify(file.value)}: ${firstLine(error)}`);
    }
    const secrets = parseSecrets(text);
    if (secrets.length === 0) throw new ConfigError(`secret file ${JSON.stringify(file.value)} is empty`);
    return { secret: secrets[0], secrets, secretSource: "file", secretFile: { path: file.value, text } };
  }
  if (secret.value === "") throw new UsageError("the secret must not be empty");
  return { secret: secret.value, secrets: [secret.value], secretSource: secret.from };
}

/** `-signing-key`, `-verify-key` and `-jwks-url`, checked for form (the files are read later). */
export function resolveKeys(
  settings: Record<string, Setting>,
): KeyConfig {
  const signing = settings["signing-key"];
  const verify = settings["verify-key"];
  const jwks = settings["jwks-url"];
  const verifyKeys = verify.value === "" ? [] : verify.value.split(verify.from === "env" ? "," : "\n");
  if (verifyKeys.some((path) => path.trim() === "")) {
    throw new UsageError(`invalid value for ${origin("verify-key", verify)}: an empty path`);
  }
  if (jwks.value !== "") {
    let url: URL | undefined;
    try {
      url = new URL(jwks.value);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw new UsageError(
        `invalid value ${JSON.stringify(jwks.value)} for ${origin("jwks-url", jwks)}: want an http(s) URL`,
      );
    }
    if (verifyKeys.length > 0) {
      throw new UsageError(
        `give either ${origin("verify-key", verify)} or ${origin("jwks-url", jwks)}, not both`,
      );
    }
  }
  return {
    ...(signing.value === "" ? {} : { signingKey: signing.value }),
    verifyKeys,
    ...(jwks.value === "" ? {} : { jwksUrl: jwks.value }),
  };
}
