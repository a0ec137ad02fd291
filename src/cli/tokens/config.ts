/**
 * The token part of the serving config: shared secrets (a flag, the environment or a file) and
 * key files or a JWKS URL.
 * @module
 */
import { origin, type Setting, UsageError } from "../flags.ts";
import { ConfigError, type ReadText, type ServeConfig } from "../config.ts";
import { firstLine } from "../../util/error_text.ts";
import { parseSecrets } from "../../auth/secret_file.ts";

/** The secrets, from `-secret`, `-secret-file` or their environment variables. */
export function resolveSecret(
  secret: Setting,
  file: Setting,
  readText: ReadText,
  env: (name: string) => string | undefined,
): Pick<ServeConfig, "secret" | "secrets" | "secretSource" | "secretFile"> {
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
): Pick<ServeConfig, "signingKey" | "verifyKeys" | "jwksUrl"> {
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
