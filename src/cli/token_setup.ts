/**
 * Wires the token service of a serving mode from its config: shared secrets (re-read from a
 * secret file every second and on SIGHUP), a private signing key, public keys from files or a JWKS
 * URL. Which of them handles a token is decided in src/auth/token_dispatch.ts; this module only
 * builds the parts, at start.
 * @module
 */
import type { ServeConfig } from "./config.ts";
import { type Mode, modeNeeds } from "./modes.ts";
import type { Hs256Options } from "../auth/hs256_tokens.ts";
import { swappableHs256 } from "../auth/hs256_swap.ts";
import { dispatchTokens, type TokenPolicy, tokenPolicy } from "../auth/token_dispatch.ts";
import type { TokenService } from "../auth/jwt/token_service.ts";
import { type SecretFileWatch, watchSecretFile } from "../auth/secret_file.ts";
import type { HealthState } from "../server/health_state.ts";
import type { Keys } from "./key_setup.ts";
import { logLine } from "../server/log.ts";

/** A mode's token service, what it publishes, and what must be stopped with it. */
export interface TokenSetup extends Pick<TokenPolicy, "usesDefaultSecret" | "refusesHs256"> {
  tokens: TokenService;
  /** The JWK Set `/.well-known/jwks.json` serves, if there are public keys. */
  jwks?: { keys: readonly object[] };
  /** The secret file's watcher, to re-read it at once (SIGHUP); absent without a secret file in use. */
  secretFile?: { path: string; reload(): Promise<string> };
  close(): void;
}

/** How often a secret file is read again for changes. */
export const SECRET_FILE_POLL_MS = 1000;

/**
 * The token service of `mode`. A private key, when given, signs instead of the secret; public
 * keys (the signing key's, `-verify-key` files, or a JWKS URL) verify tokens that carry a `kid`,
 * and the secret verifies the course's HS256 tokens unless keys replaced it and no secret was
 * chosen. Reads the key files (throws `ConfigError` for one that cannot be used) and starts
 * the secret file's watcher. `onCheck` is told how each HS256 check ended (metrics).
 */
export async function tokenSetup(
  mode: Mode,
  config: ServeConfig,
  state: HealthState,
  onCheck?: Hs256Options["onCheck"],
): Promise<TokenSetup> {
  const does = { signs: modeNeeds(mode, "signs-tokens"), verifies: modeNeeds(mode, "verifies-tokens") };
  const keyed = config.signingKey !== undefined || config.verifyKeys.length > 0 ||
    config.jwksUrl !== undefined;
  // Loaded only when a key flag is given, so the default HS256 start-up never loads the key modules.
  const keys: Keys = keyed
    ? await (await import("./key_setup.ts")).loadKeys(config, does, state)
    : { close() {} };
  const policy = tokenPolicy({
    ...does,
    keySigns: keys.sign !== undefined,
    keyVerifies: keys.verify !== undefined,
    chosenSecret: config.secretSource !== "default",
  });
  const hs256 = policy.hs256Signs || policy.hs256Verifies
    ? swappableHs256({ secret: config.secrets, onCheck })
    : undefined;
  const file = config.secretFile;
  // With a secret file, its watcher owns the secrets: a new set replaces the old one as the file
  // changes (polled every second, or read at once through `reload`).
  const watch: SecretFileWatch | undefined = hs256 && file
    ? watchSecretFile(file.path, file.text, hs256.swap, { intervalMs: SECRET_FILE_POLL_MS, log: logLine })
    : undefined;
  return {
    tokens: dispatchTokens(policy, hs256, keys),
    ...(keys.jwks ? { jwks: keys.jwks } : {}),
    usesDefaultSecret: policy.usesDefaultSecret,
    refusesHs256: policy.refusesHs256,
    ...(file && watch ? { secretFile: { path: file.path, reload: watch.reload } } : {}),
    close: () => {
      watch?.stop();
      keys.close();
    },
  };
}
