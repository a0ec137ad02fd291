/**
 * `app`: the course's monolith, auth and hello services in one binary.
 * @module
 */
import { run } from "./src/cli/run.ts";

if (import.meta.main) Deno.exit(await run(Deno.args));
