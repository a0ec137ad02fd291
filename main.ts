/**
 * `app`: the course's monolith, auth and hello services in one binary.
 * @module
 */
import { run } from "./src/cli.ts";
import { dropUnusedPermissions } from "./src/permissions.ts";

if (import.meta.main) {
  dropUnusedPermissions(Deno.args[0]);
  Deno.exit(await run(Deno.args));
}
