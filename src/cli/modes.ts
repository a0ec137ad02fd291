/**
 * The one table of which endpoints each mode serves.
 * @module
 */
import type { Route, RouteNeed } from "../http/app.ts";
import { hello } from "../../routes/hello.ts";
import { login } from "../../routes/login.ts";
import { secure } from "../../routes/secure.ts";
import { version } from "../../routes/version.ts";
import { jwks } from "../../routes/jwks.ts";

/** Serving modes and their routes (every mode also runs the health server). */
export const MODES = {
  monolith: [hello, secure, login, version, jwks],
  auth: [login, version, jwks],
  hello: [hello, secure, version],
} as const satisfies Record<string, readonly Route[]>;

/** A serving mode's name. */
export type Mode = keyof typeof MODES;

/** Whether `name` is a serving mode. */
export function isMode(name: string): name is Mode {
  return Object.hasOwn(MODES, name);
}

/** Whether a route of `mode` needs `need` (e.g. signs tokens). */
export function modeNeeds(mode: Mode, need: RouteNeed): boolean {
  return (MODES[mode] as readonly Route[]).some((route) => route.needs?.includes(need));
}

/** Whether a mode checks passwords (and so needs the bcrypt workers). */
export function checksPasswords(mode: Mode): boolean {
  return modeNeeds(mode, "checks-passwords");
}
