/**
 * Hand-made JSON Web Tokens for hostile-input tests: any header, any payload, HMAC-signed with
 * any secret and hash, or with the signature left as given.
 * @module
 */
import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";

/** base64url of a string's UTF-8 bytes, without padding. */
export function b64url(text: string | Uint8Array): string {
  return Buffer.from(text).toString("base64url");
}

/** `header.payload` of a token from JSON values (or raw strings, sent as they are). */
export function unsigned(header: unknown, payload: unknown): string {
  const part = (value: unknown) => b64url(typeof value === "string" ? value : JSON.stringify(value));
  return `${part(header)}.${part(payload)}`;
}

/** A complete token signed with HMAC-`hash` (sha256 for HS256) over `secret`. */
export function hmacToken(header: unknown, payload: unknown, secret: string, hash = "sha256"): string {
  const input = unsigned(header, payload);
  return `${input}.${createHmac(hash, secret).update(input).digest("base64url")}`;
}

/** Claims shaped like the course's, valid for an hour from now, with `overrides` applied. */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return { email: "user@example.com", exp: iat + 3600, iat, iss: "auth.service", sub: "user", ...overrides };
}

/** The header our tokens carry. */
export const HS256 = { alg: "HS256", typ: "JWT" };
