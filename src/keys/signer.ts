/**
 * Issues tokens signed with a private key: the course's claims under a header
 * `{"alg":"EdDSA"|"ES256","kid":...,"typ":"JWT"}`.
 * @module
 */
import { toBase64url } from "../auth/jwt/base64url.ts";
import { newClaims } from "../auth/jwt/claims.ts";
import { SIGN_PARAMS, type SigningKey } from "./key_types.ts";

const encoder = new TextEncoder();

/** Signs tokens for users with `key`; `now` is the clock in milliseconds. */
export function createKeySigner(
  key: SigningKey,
  now: () => number = Date.now,
): (user: { name: string; email: string }) => Promise<string> {
  const header = toBase64url(
    encoder.encode(JSON.stringify({ alg: key.alg, kid: key.public.kid, typ: "JWT" })),
  );
  return async (user) => {
    const payload = toBase64url(encoder.encode(JSON.stringify(newClaims(user, now()))));
    const input = `${header}.${payload}`;
    const signature = await crypto.subtle.sign(SIGN_PARAMS[key.alg], key.privateKey, encoder.encode(input));
    return `${input}.${toBase64url(new Uint8Array(signature))}`;
  };
}
