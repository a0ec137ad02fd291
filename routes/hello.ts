/**
 * `GET /`: the course's greeting.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { greetingResponse } from "../src/http/responses.ts";

/** Answers `{"message":"Hello"}`. */
export const hello: Route = {
  path: "/",
  handler: () => () => greetingResponse(),
};
