/**
 * Wires the token service of a serving mode from its config: shared secrets (re-read from a
 * secret file while running).
 * @module
 */
import type { ServeConfig } from "./config.ts";
import { createTokenService, type HmacTokenService } from "../auth/tokens.ts";
import type { TokenService } from "../auth/token_service.ts";
import { watchSecretFile } from "../auth/secret_file.ts";
import { logLine } from "../server/log.ts";

/** A mode's token service and what must be stopped with it. */
export interface TokenSetup {
  tokens: TokenService;
  close(): void;
}

/** How often a secret file is read again for changes. */
export const SECRET_FILE_POLL_MS = 1000;

/** Shared-secret tokens; with a secret file, a new set of secrets replaces the old one as it changes. */
export function hmacTokens(config: ServeConfig): TokenSetup {
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
