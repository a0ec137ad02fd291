/**
 * HS256 tokens whose secrets can be replaced while serving (a secret file rotated in place): each
 * set of secrets gets a service of its own, so a token cached as valid under a secret since removed
 * does not outlive it.
 * @module
 */
import { createHs256TokenService, type Hs256Options, type Hs256TokenService } from "./hs256_tokens.ts";

/** An {@link Hs256TokenService} over the secrets in force, and the way to replace them. */
export interface SwappableHs256 extends Hs256TokenService {
  /** Replaces the secrets (the first signs, all verify) with a new service and an empty cache. */
  swap(secrets: readonly string[]): void;
}

/** Starts with `options.secret`; every {@link SwappableHs256.swap} keeps the other options. */
export function swappableHs256(options: Hs256Options): SwappableHs256 {
  let current = createHs256TokenService(options);
  return {
    sign: (user) => current.sign(user),
    verify: (token) => current.verify(token),
    swap: (secrets) => {
      current = createHs256TokenService({ ...options, secret: secrets });
    },
  };
}
