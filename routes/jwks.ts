/**
 * `GET /.well-known/jwks.json`: the public keys tokens are verified with (RFC 7517), for
 * services that check tokens without being able to mint them.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { jsonResponse, textResponse } from "../src/http/responses.ts";

/** The JWK Set, or 404 when this service signs with a shared secret and has no public key. */
export const jwks: Route = {
  path: "/.well-known/jwks.json",
  needs: ["publishes-keys"],
  handler: ({ jwks }) => {
    if (jwks === undefined) return () => textResponse(404, "404 page not found");
    return () => {
      const response = jsonResponse(jwks);
      response.headers.set("cache-control", "public, max-age=300");
      return response;
    };
  },
};
