/**
 * `GET /login`: trades HTTP Basic credentials for a token.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { PasswordCheckUnavailable } from "../src/auth/password.ts";
import { clientKey, type PeerInfo } from "../src/http/client_address.ts";
import { authorizationFailed, jsonResponse, textResponse } from "../src/http/responses.ts";

const BASIC = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i;
const CHALLENGE = 'Basic realm="app", charset="UTF-8"';
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes an `Authorization: Basic` header into name and password, or `undefined`. */
function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  const encoded = header === undefined ? undefined : BASIC.exec(header)?.[1];
  if (encoded === undefined) return undefined;
  let text: string;
  try {
    text = utf8.decode(Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  if (colon <= 0) return undefined;
  return { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** 503 for a login that could not be checked (queue full, shutting down, worker died or overran its deadline). */
function loginBusy(): Response {
  return textResponse(503, "login busy, try again", { "retry-after": "1" });
}

/** 429 for a client over its failed-login limit, before any password work. */
function tooManyFailures(retryAfterS: number): Response {
  return textResponse(429, "too many failed logins, try again later", { "retry-after": String(retryAfterS) });
}

/**
 * 200 `{"token": ...}` for good credentials; 401 with a Basic challenge for bad ones; 429
 * (`Retry-After`) for a client over its failed-login limit; 503 (`Retry-After: 1`) when the
 * password could not be checked at all (queue full with this client holding its share of it,
 * shutting down). Checks wait their turn per client (`loginShare`); the limit and the share key
 * on the same client: the one a trusted proxy names, an IPv6 client by its /64.
 */
export const login: Route = {
  path: "/login",
  needs: ["signs-tokens", "checks-passwords"],
  handler:
    ({ tokens, checkPassword, loginShare, loginLimiter, clientAddress, onLogin = () => {} }) => async (c) => {
      const credentials = basicCredentials(c.req.header("Authorization"));
      if (credentials === undefined) {
        onLogin("bad_credentials");
        return authorizationFailed(CHALLENGE);
      }
      const info = c.env as PeerInfo;
      const client = clientAddress ? clientAddress(c.req.raw, info) : info?.remoteAddr?.hostname ?? "-";
      const key = clientKey(client);
      let admission;
      let user;
      try {
        admission = await loginLimiter?.admit(key);
        if (admission && !admission.allowed) {
          onLogin("limited");
          return tooManyFailures(admission.retryAfterS);
        }
        user = await loginShare.run(key, () => checkPassword(credentials.name, credentials.password));
      } catch (error) {
        if (admission?.allowed) admission.release();
        if (error instanceof PasswordCheckUnavailable) {
          onLogin("busy");
          return loginBusy();
        }
        throw error;
      }
      onLogin(user === undefined ? "bad_credentials" : "ok");
      if (user === undefined) {
        if (admission?.allowed) admission.failed();
        return authorizationFailed(CHALLENGE);
      }
      if (admission?.allowed) admission.release();
      return jsonResponse({ token: await tokens.sign(user) });
    },
};
