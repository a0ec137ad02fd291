/**
 * The binary is granted network access, file reads, file writes and the `APP_*` variables (the
 * `start` and `compile` tasks in deno.json). Deno can only grant those for the whole binary, so each
 * command gives up at start what it never uses: only `certgen` and `keygen` keep file writes, and
 * both give up the network; `hash-password` (it reads only stdin) gives up the network, writes and
 * file reads. A revoked permission stays revoked for the process and its workers.
 * @module
 */

const GIVEN_UP: Record<string, readonly Deno.PermissionName[]> = {
  certgen: ["net"],
  keygen: ["net"],
  healthcheck: ["write", "read"],
  "hash-password": ["net", "write", "read"], // stdin needs no permission
};
const SERVING: readonly Deno.PermissionName[] = ["write"];

/** What `command` (the first argument) gives up; every other command than those above: writes. */
export function permissionsGivenUp(command: string | undefined): readonly Deno.PermissionName[] {
  return Object.hasOwn(GIVEN_UP, command ?? "") ? GIVEN_UP[command!] : SERVING;
}

/** Revokes, for the rest of the process, what `command` never uses. */
export function dropUnusedPermissions(command: string | undefined): void {
  for (const name of permissionsGivenUp(command)) Deno.permissions.revokeSync({ name });
}
