/**
 * Builds the Hono application of a mode from its list of routes (see `src/cli/modes.ts`).
 * @module
 */
import { Hono } from "hono";
import type { Handler } from "hono";
import type { TokenService } from "../auth/jwt/token_service.ts";
import type { CheckPassword } from "../auth/password.ts";
import type { ClientShare } from "../auth/fair_share.ts";
import type { LoginLimiter } from "../auth/login_limiter.ts";
import type { ClientAddress } from "./client_address.ts";
import { getOnlyFallback } from "./fallback.ts";
import { textResponse } from "./responses.ts";
import { logLine } from "../server/log.ts";

/** What route handlers are built from. */
export interface Deps {
  tokens: TokenService;
  checkPassword: CheckPassword;
  version: string;
  /** Runs password checks fairly per client (see src/auth/fair_share.ts). */
  loginShare: ClientShare;
  /** Told how each login ended (for metrics); optional. */
  onLogin?: (outcome: "ok" | "bad_credentials" | "busy" | "limited") => void;
  /** The JWK Set of the public keys that verify this service's tokens, if it has any. */
  jwks?: { keys: readonly object[] };
  /** Failed logins per client; without it, logins are not limited. */
  loginLimiter?: LoginLimiter;
  /** Who the client is (see client_address.ts); the connection's peer without it. */
  clientAddress?: ClientAddress;
}

/**
 * What a route does beyond answering, so that a mode is configured for exactly its routes:
 * signs tokens, verifies tokens, publishes the public keys, checks passwords.
 */
export type RouteNeed = "signs-tokens" | "verifies-tokens" | "publishes-keys" | "checks-passwords";

/** One endpoint: a path served for GET (and so HEAD), and the handler built for it. */
export interface Route {
  path: string;
  handler(deps: Deps): Handler;
  /** What the route needs configured (its mode takes the flags of these; see src/cli/mode_flags.ts). */
  needs?: readonly RouteNeed[];
}

/**
 * A Hono app serving `routes` with GET/HEAD, answering 405 (with `Allow`) for other methods on
 * those paths, 404 elsewhere, and a plain 500 (logged) if a handler ever throws.
 */
export function buildApp(routes: readonly Route[], deps: Deps): Hono {
  const app = new Hono();
  const paths = new Set(routes.map((route) => route.path));
  for (const route of routes) app.get(route.path, route.handler(deps));
  // Other methods on a served path answer 405 from here rather than from an `all` route, so that
  // a GET matches exactly one handler and stays on Hono's synchronous fast path.
  app.notFound(getOnlyFallback(paths));
  app.onError((error) => {
    logLine(`internal error: ${error instanceof Error ? error.message : String(error)}`, "error");
    return textResponse(500, "internal server error");
  });
  return app;
}
