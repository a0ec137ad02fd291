/**
 * The key half of a mode's token service: the private signing key, the public keys that verify
 * (files or a JWKS URL) and what is published. Loaded only when a key flag is given, so the
 * default HS256 start-up never loads it.
 * @module
 */
import type { ServeConfig } from "./config.ts";
import { ConfigError } from "./config_error.ts";
import type { KeyTokens } from "../auth/token_dispatch.ts";
import { parseSigningKey, parseVerifyKey } from "../keys/key_files.ts";
import { createKeySigner } from "../keys/signer.ts";
import { createKeyVerifier, type KeySource, layeredKeys, staticKeys } from "../keys/verifier.ts";
import { jwkSet } from "../keys/jwk.ts";
import { JwksClient } from "../keys/jwks_client.ts";
import type { SigningKey, VerifyKey } from "../keys/key_types.ts";
import type { HealthState } from "../server/health_state.ts";
import { logLine } from "../server/log.ts";
import { readBoundedText } from "../util/bounded_file.ts";
import { firstLine } from "../util/error_text.ts";

/** What the keys of a mode provide. */
export interface Keys extends KeyTokens {
  jwks?: { keys: readonly object[] };
  close(): void;
}

async function readKey<T>(kind: string, path: string, parse: (text: string) => Promise<T>): Promise<T> {
  let text: string;
  try {
    text = await readBoundedText(path);
  } catch (error) {
    throw new ConfigError(`cannot read ${kind} ${JSON.stringify(path)}: ${firstLine(error)}`);
  }
  try {
    return await parse(text);
  } catch (error) {
    throw new ConfigError(`${kind} ${JSON.stringify(path)}: ${firstLine(error)}`);
  }
}

/**
 * Reads the key files of `config` (throws {@link ConfigError} for one that cannot be used) and,
 * with `-jwks-url`, starts fetching: readiness waits for the first set.
 */
export async function loadKeys(
  config: ServeConfig,
  does: { signs: boolean; verifies: boolean },
  state: HealthState,
): Promise<Keys> {
  const signing: SigningKey | undefined = config.signingKey === undefined
    ? undefined
    : await readKey("signing key", config.signingKey, parseSigningKey);
  const verifyKeys: VerifyKey[] = [];
  for (const path of config.verifyKeys) verifyKeys.push(await readKey("verify key", path, parseVerifyKey));
  const published = signing ? [signing.public, ...verifyKeys] : verifyKeys;

  let source: KeySource | undefined;
  let client: JwksClient | undefined;
  if (does.verifies && config.jwksUrl !== undefined) {
    const loaded = state.waitFor("the first JWKS fetch");
    client = new JwksClient({ url: config.jwksUrl, log: logLine, onLoaded: loaded });
    client.start();
    // A monolith verifies its own tokens (its signing key) besides those of the fetched set.
    source = published.length === 0 ? client : layeredKeys(staticKeys(published), client);
  } else if (does.verifies && published.length > 0) {
    source = staticKeys(published);
  }
  return {
    ...(signing && does.signs ? { sign: createKeySigner(signing) } : {}),
    ...(source ? { verify: createKeyVerifier(source) } : {}),
    ...(published.length > 0 ? { jwks: jwkSet(published) } : {}),
    close: () => client?.close(),
  };
}
