/**
 * Which signer and which verifier serve a mode's tokens, decided once at start: a private key
 * signs instead of the shared secret; tokens with our exact HS256 header go to the secret, all
 * others to the public keys; beside keys, HS256 verifies only a chosen secret (or what the mode
 * itself signs), so the course's well-known secret is not accepted by accident.
 * @module
 */
import type { Claims } from "./jwt/claims.ts";
import type { TokenService } from "./jwt/token_service.ts";
import { hasHs256Header, type Hs256TokenService } from "./hs256_tokens.ts";

/** What the mode does with tokens, and what was configured for it. */
export interface TokenNeeds {
  /** The mode issues tokens (it serves /login). */
  signs: boolean;
  /** The mode checks tokens (it serves /secure). */
  verifies: boolean;
  /** A private key signs. */
  keySigns: boolean;
  /** Public keys (files or a JWKS URL) verify. */
  keyVerifies: boolean;
  /** A secret was chosen (flag, variable or file), not the course's default. */
  chosenSecret: boolean;
}

/** The decision: what HS256 does, and what start-up should warn about. */
export interface TokenPolicy {
  hs256Signs: boolean;
  hs256Verifies: boolean;
  /** The mode checks tokens but refuses HS256 ones: keys verify and the course's secret was set aside. */
  refusesHs256: boolean;
  /** Tokens are signed or verified with the course's well-known secret. */
  usesDefaultSecret: boolean;
}

/** Decides {@link TokenPolicy} from what the mode does and what was configured. */
export function tokenPolicy(needs: TokenNeeds): TokenPolicy {
  const hs256Signs = needs.signs && !needs.keySigns;
  // A mode verifies what it signs; beside keys, HS256 is otherwise accepted only for a chosen secret.
  const hs256Verifies = needs.verifies && (!needs.keyVerifies || needs.chosenSecret || hs256Signs);
  return {
    hs256Signs,
    hs256Verifies,
    refusesHs256: needs.verifies && !hs256Verifies,
    usesDefaultSecret: (hs256Signs || hs256Verifies) && !needs.chosenSecret,
  };
}

/** What keys provide (see src/keys/): a signer, a verifier, either or neither. */
export interface KeyTokens {
  sign?: (user: { name: string; email: string }) => Promise<string>;
  verify?: (token: string) => Claims | undefined | Promise<Claims | undefined>;
}

/**
 * The {@link TokenService} routes use, following `policy`. `hs256` is required when the policy
 * has HS256 sign or verify. Signing in a mode that issues no tokens throws (no route does it).
 */
export function dispatchTokens(
  policy: TokenPolicy,
  hs256: Hs256TokenService | undefined,
  keys: KeyTokens,
): TokenService {
  if ((policy.hs256Signs || policy.hs256Verifies) && hs256 === undefined) {
    throw new Error("dispatchTokens: the policy uses HS256 but no HS256 service was given");
  }
  const hs256Verify = policy.hs256Verifies ? hs256 : undefined;
  const keyVerify = keys.verify;
  return {
    sign: keys.sign ?? (policy.hs256Signs ? (user) => hs256!.sign(user) : () => {
      throw new Error("this mode does not issue tokens");
    }),
    // Our HS256 tokens (and the Go original's) carry one exact header; anything else is for the keys.
    verify: (token) =>
      keyVerify === undefined || hasHs256Header(token) ? hs256Verify?.verify(token) : keyVerify(token),
  };
}
