/**
 * Wires the token service of a serving mode from its config: shared secrets (re-read from a
 * secret file while running), a private signing key, public keys from files or a JWKS URL.
 * @module
 */
import type { ServeConfig } from "./config.ts";
import { ConfigError } from "./config.ts";
import { UsageError } from "./flags.ts";
import type { Mode } from "./modes.ts";
import { createTokenService, hasHmacHeader, type HmacTokenService } from "../auth/tokens.ts";
import type { TokenService } from "../auth/token_service.ts";
import { watchSecretFile } from "../auth/secret_file.ts";
import { parseSigningKey, parseVerifyKey } from "../keys/key_files.ts";
import { createKeySigner } from "../keys/signer.ts";
import { createKeyVerifier, type KeySource } from "../keys/verifier.ts";
import { jwkSet, staticKeys } from "../keys/jwks.ts";
import { JwksClient } from "../keys/jwks_client.ts";
import type { SigningKey, VerifyKey } from "../keys/key_types.ts";
import type { HealthState } from "../server/health_state.ts";
import { logLine } from "../server/log.ts";
import { firstLine } from "../util/error_text.ts";

/** A mode's token service, what it publishes, and what must be stopped with it. */
export interface TokenSetup {
  tokens: TokenService;
  /** The JWK Set `/.well-known/jwks.json` serves, if there are public keys. */
  jwks?: { keys: readonly object[] };
  /** Whether tokens are signed or verified with the course's well-known secret. */
  usesDefaultSecret: boolean;
  close(): void;
}

/** How often a secret file is read again for changes. */
export const SECRET_FILE_POLL_MS = 1000;

/** Shared-secret tokens; with a secret file, a new set of secrets replaces the old one as it changes. */
export function hmacTokens(config: ServeConfig): { tokens: HmacTokenService; close(): void } {
  // A new service (and so an empty cache) per set of secrets: a token cached as valid under a
  // secret since removed must not outlive it.
  let current: HmacTokenService = createTokenService({ secret: config.secrets });
  const tokens: HmacTokenService = {
    sign: (user) => current.sign(user),
    verify: (token) => current.verify(token),
  };
  const file = config.secretFile;
  const close = file === undefined ? () => {} : watchSecretFile(file.path, file.text, (secrets) => {
    current = createTokenService({ secret: secrets });
  }, { intervalMs: SECRET_FILE_POLL_MS, log: logLine });
  return { tokens, close };
}

async function readKey<T>(kind: string, path: string, parse: (text: string) => Promise<T>): Promise<T> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read ${kind} ${JSON.stringify(path)}: ${firstLine(error)}`);
  }
  try {
    return await parse(text);
  } catch (error) {
    throw new ConfigError(`${kind} ${JSON.stringify(path)}: ${firstLine(error)}`);
  }
}

/** Throws {@link UsageError} for a key flag `mode` has no use for. */
export function checkTokenFlags(mode: Mode, config: ServeConfig): void {
  if (config.signingKey !== undefined && mode === "hello") {
    throw new UsageError(
      "-signing-key is for auth and monolith: hello verifies with -verify-key or -jwks-url",
    );
  }
  if (config.jwksUrl !== undefined && mode !== "hello") {
    throw new UsageError("-jwks-url is for hello: auth and monolith publish their own keys");
  }
}

/**
 * The token service of `mode`. A private key, when given, signs instead of the secret; public
 * keys (the signing key's, `-verify-key` files, or a JWKS URL) verify tokens that carry a `kid`,
 * and the secret verifies the course's HS256 tokens unless keys replaced it and no secret was
 * chosen. Throws {@link UsageError} for a flag the mode has no use for, {@link ConfigError} for a
 * key file that cannot be used.
 */
export async function tokenSetup(mode: Mode, config: ServeConfig, state: HealthState): Promise<TokenSetup> {
  const signs = mode !== "hello";
  const verifies = mode !== "auth";
  if (config.signingKey !== undefined && !signs) {
    throw new UsageError(
      "-signing-key is for auth and monolith: hello verifies with -verify-key or -jwks-url",
    );
  }
  if (config.jwksUrl !== undefined && mode !== "hello") {
    throw new UsageError("-jwks-url is for hello: auth and monolith publish their own keys");
  }
  const signing: SigningKey | undefined = config.signingKey === undefined
    ? undefined
    : await readKey("signing key", config.signingKey, parseSigningKey);
  const verifyKeys: VerifyKey[] = [];
  for (const path of config.verifyKeys) verifyKeys.push(await readKey("verify key", path, parseVerifyKey));
  const published = signing ? [signing.public, ...verifyKeys] : verifyKeys;

  let source: KeySource | undefined;
  let client: JwksClient | undefined;
  if (verifies && config.jwksUrl !== undefined) {
    const waiting = "token keys";
    state.waitingFor.add(waiting);
    client = new JwksClient({
      url: config.jwksUrl,
      log: logLine,
      onLoaded: () => state.waitingFor.delete(waiting),
    });
    client.start();
    source = client;
  } else if (verifies && published.length > 0) {
    source = staticKeys(published);
  }
  const chosenSecret = config.secretSource !== "default";
  const hmacSigns = signs && signing === undefined;
  const hmacVerifies = verifies && (source === undefined || chosenSecret);
  const hmac = hmacSigns || hmacVerifies ? hmacTokens(config) : undefined;
  const keyVerify = source === undefined ? undefined : createKeyVerifier(source);
  const hmacVerify = hmacVerifies ? hmac!.tokens.verify : undefined;
  const signer = signing === undefined ? undefined : createKeySigner(signing);

  const tokens: TokenService = {
    sign: signer ?? (hmacSigns ? hmac!.tokens.sign : () => {
      throw new Error("this mode does not issue tokens");
    }),
    verify: (token) =>
      keyVerify === undefined || hasHmacHeader(token)
        ? (hmacVerify === undefined ? undefined : hmacVerify(token))
        : keyVerify(token),
  };
  return {
    tokens,
    ...(published.length > 0 ? { jwks: jwkSet(published) } : {}),
    usesDefaultSecret: hmac !== undefined && !chosenSecret,
    close: () => {
      hmac?.close();
      client?.close();
    },
  };
}
