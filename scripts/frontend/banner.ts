/**
 * What the script prints once the frontend runs: where things are and the curl lines to try.
 * @module
 */
import { join, relative } from "node:path";
import type { Service } from "./service.ts";
import type { TlsChoice } from "./tls.ts";

/** The block printed once nginx, auth and hello run, ending with how to stop them. */
export function banner(url: string, auth: Service, hello: Service, tls: TlsChoice): string {
  return [
    "",
    `The course's TLS frontend: nginx with nginx/frontend.conf on ${url}`,
    `  /login, /auth/version  -> auth   ${auth.address}`,
    `  everything else        -> hello  ${hello.address}`,
    `  certificates from ${shown(tls.dir)}${tls.temporary ? " (a fresh app certgen, removed on exit)" : ""}`,
    "",
    "Try, from another shell:",
    `  CA=${shown(join(tls.dir, "ca.pem"))}`,
    `  curl --cacert $CA ${url}/`,
    `  curl --cacert $CA ${url}/secure`,
    `  TOKEN=$(curl -s --cacert $CA -u user:password ${url}/login | jq -r .token)`,
    `  curl --cacert $CA -H "Authorization: Bearer $TOKEN" ${url}/secure`,
    `  curl --cacert $CA ${url}/version        # hello's version`,
    `  curl --cacert $CA ${url}/auth/version   # auth's version`,
    "",
    "Ctrl-C stops nginx, auth and hello.",
    "",
  ].join("\n");
}

/** Where the user's shell should find `path`: relative to where they ran the task, when inside it. */
export function shown(path: string): string {
  const from = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const rel = relative(from, path);
  return rel.startsWith("..") ? path : rel;
}
