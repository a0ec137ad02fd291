/**
 * Wires the token service of a serving mode from its config: shared secrets (re-read from a
 * secret file every second and on SIGHUP), a private signing key, public keys from files or a JWKS URL.
 * @module
 */
import type { ServeConfig } from "../config.ts";
import type { Mode } from "../modes.ts";
import {
  createHs256TokenService,
  hasHs256Header,
  type Hs256Options,
  type Hs256TokenService,
} from "../../auth/hs256_tokens.ts";
import type { TokenService } from "../../auth/jwt/token_service.ts";
import { watchSecretFile } from "../../auth/secret_file.ts";
import type { HealthState } from "../../server/health_state.ts";
import type { Keys } from "./keys.ts";
import { logLine } from "../../server/log.ts";

/** A mode's token service, what it publishes, and what must be stopped with it. */
export interface TokenSetup {
  tokens: TokenService;
  /** The JWK Set `/.well-known/jwks.json` serves, if there are public keys. */
  jwks?: { keys: readonly object[] };
  /** Whether tokens are signed or verified with the course's well-known secret. */
  usesDefaultSecret: boolean;
  /** Whether keys verify and the course's secret was set aside for them, so HS256 tokens fail. */
  refusesHs256: boolean;
  /** The secret file's watcher, to re-read it at once (SIGHUP); absent without a secret file in use. */
  secretFile?: { path: string; reload(): Promise<string> };
  close(): void;
}

/** How often a secret file is read again for changes. */
export const SECRET_FILE_POLL_MS = 1000;

/**
 * Shared-secret tokens. With a secret file, its watcher owns the secrets: a new set replaces the
 * old one as the file changes (polled every second, or read at once through `reload`).
 */
export function hmacTokens(
  config: ServeConfig,
  onCheck?: Hs256Options["onCheck"],
): { tokens: Hs256TokenService; reload?: () => Promise<string>; close(): void } {
  // A new service (and so an empty cache) per set of secrets: a token cached as valid under a
  // secret since removed must not outlive it.
  let current: Hs256TokenService = createHs256TokenService({ secret: config.secrets, onCheck });
  const tokens: Hs256TokenService = {
    sign: (user) => current.sign(user),
    verify: (token) => current.verify(token),
  };
  const file = config.secretFile;
  if (file === undefined) return { tokens, close: () => {} };
  const watch = watchSecretFile(file.path, file.text, (secrets) => {
    current = createHs256TokenService({ secret: secrets, onCheck });
  }, { intervalMs: SECRET_FILE_POLL_MS, log: logLine });
  return { tokens, reload: watch.reload, close: watch.stop };
}

/**
 * The token service of `mode`. A private key, when given, signs instead of the secret; public
 * keys (the signing key's, `-verify-key` files, or a JWKS URL) verify tokens that carry a `kid`,
 * and the secret verifies the course's HS256 tokens unless keys replaced it and no secret was
 * chosen. Throws {@link ConfigError} for a key file that cannot be used. `onCheck` is told how each HS256 check ended (metrics).
 */
export async function tokenSetup(
  mode: Mode,
  config: ServeConfig,
  state: HealthState,
  onCheck?: Hs256Options["onCheck"],
): Promise<TokenSetup> {
  const does = { signs: mode !== "hello", verifies: mode !== "auth" };
  const keyed = config.signingKey !== undefined || config.verifyKeys.length > 0 ||
    config.jwksUrl !== undefined;
  const keys: Keys = keyed ? await (await import("./keys.ts")).loadKeys(config, does, state) : { close() {} };
  const chosenSecret = config.secretSource !== "default";
  const hmacSigns = does.signs && keys.sign === undefined;
  // A mode verifies what it signs; beside keys, HS256 is otherwise accepted only for a chosen secret.
  const hmacVerifies = does.verifies && (keys.verify === undefined || chosenSecret || hmacSigns);
  const hmac = hmacSigns || hmacVerifies ? hmacTokens(config, onCheck) : undefined;
  const hmacVerify = hmacVerifies ? hmac!.tokens.verify : undefined;
  const keyVerify = keys.verify;

  const tokens: TokenService = {
    sign: keys.sign ?? (hmacSigns ? hmac!.tokens.sign : () => {
      throw new Error("this mode does not issue tokens");
    }),
    // Our HS256 tokens (and the Go original's) carry one exact header; anything else is for the keys.
    verify: (token) =>
      keyVerify === undefined || hasHs256Header(token)
        ? (hmacVerify === undefined ? undefined : hmacVerify(token))
        : keyVerify(token),
  };
  return {
    tokens,
    ...(keys.jwks ? { jwks: keys.jwks } : {}),
    usesDefaultSecret: hmac !== undefined && !chosenSecret,
    refusesHs256: does.verifies && hmacVerify === undefined,
    ...(hmac?.reload && config.secretFile
      ? { secretFile: { path: config.secretFile.path, reload: hmac.reload } }
      : {}),
    close: () => {
      hmac?.close();
      keys.close();
    },
  };
}
