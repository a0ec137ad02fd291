/**
 * `app`: the course's monolith, auth and hello services in one binary.
 * @module
 */
import { dropUnusedPermissions } from "./src/cli/permissions.ts";
import { run } from "./src/cli/run.ts";

if (import.meta.main) {
  dropUnusedPermissions(Deno.args[0]);
  Deno.exit(await run(Deno.args));
}
