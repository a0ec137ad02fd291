/**
 * `GET /version`: the version this build reports.
 * @module
 */
import type { Route } from "../src/http/app.ts";
import { jsonResponse } from "../src/http/responses.ts";

/** Answers `{"version":"<version>"}`. */
export const version: Route = {
  path: "/version",
  handler: ({ version }) => () => jsonResponse({ version }),
};
