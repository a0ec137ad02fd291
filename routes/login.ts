/**
 * `GET /login`: trades HTTP Basic credentials for a token.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { PasswordCheckUnavailable } from "../src/auth/password.ts";
import { authorizationFailed, jsonResponse, textResponse } from "../src/http/responses.ts";
import { clientKey } from "../src/http/client_key.ts";

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

/** 503 for a login that could not be checked (queue full, shutting down, worker died). */
function loginBusy(): Response {
  return textResponse(503, "login busy, try again", { "retry-after": "1" });
}

/**
 * 200 `{"token": ...}` for good credentials; 401 with a Basic challenge for bad ones; 503
 * (`Retry-After: 1`) when the password could not be checked at all (queue full with this client
 * holding its share of it, shutting down). Checks wait their turn per client (`loginShare`).
 */
export const login: Route = {
  path: "/login",
  handler: ({ tokens, checkPassword, loginShare, onLogin = () => {} }) => async (c) => {
    const credentials = basicCredentials(c.req.header("Authorization"));
    if (credentials === undefined) {
      onLogin("bad_credentials");
      return authorizationFailed(CHALLENGE);
    }
    let user;
    try {
      user = await loginShare.run(clientKey(c), () => checkPassword(credentials.name, credentials.password));
    } catch (error) {
      if (error instanceof PasswordCheckUnavailable) {
        onLogin("busy");
        return loginBusy();
      }
      throw error;
    }
    onLogin(user === undefined ? "bad_credentials" : "ok");
    if (user === undefined) return authorizationFailed(CHALLENGE);
    return jsonResponse({ token: await tokens.sign(user) });
  },
};
