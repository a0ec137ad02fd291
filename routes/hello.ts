/**
 * `GET /`: the course's greeting.
 * @module
 */
import type { Route } from "../src/app.ts";
import { greetingResponse } from "../src/responses.ts";

/** Answers `{"message":"Hello"}`. */
export const hello: Route = {
  path: "/",
  handler: () => () => greetingResponse(),
};
