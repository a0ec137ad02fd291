/**
 * Which names the server certificate covers: the defaults every course step connects with, plus
 * the user's `-host` list, validated and split into DNS names and IP addresses.
 * @module
 */
import { isDnsName, isIPv4, isIPv6 } from "../util/hosts.ts";

/** Services the course's manifests create; each is also covered in its cluster DNS forms. */
const SERVICE_NAMES: readonly string[] = ["frontend", "auth", "hello", "monolith"];

/** Names the certificate covers without `-host`: loopback, the course's domain, the Services. */
export const DEFAULT_HOSTS: readonly string[] = [
  "localhost",
  "127.0.0.1",
  "::1",
  "*.example.com",
  ...SERVICE_NAMES.flatMap((name) => [name, `${name}.default.svc`, `${name}.default.svc.cluster.local`]),
];

/** A `-host` entry that is neither a DNS name nor an IP address. */
export class HostError extends Error {
  override name = "HostError";
}

/** Names split by kind, as the subjectAltName extension needs them. */
export interface HostNames {
  dns: string[];
  ips: string[];
}

/**
 * Parses a comma-separated `-host` value (spaces allowed) into names; lower-cases DNS names.
 * Throws {@link HostError} naming the first bad entry.
 */
export function parseHostList(text: string): string[] {
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  for (const name of names) {
    if (!isIPv4(name) && !isIPv6(name) && !isDnsName(name.toLowerCase(), { wildcard: true })) {
      throw new HostError(`invalid host ${JSON.stringify(name)}: want a DNS name, *.domain or an IP address`);
    }
  }
  return names.map((name) => (isIPv4(name) || isIPv6(name) ? name : name.toLowerCase()));
}

/** The defaults plus `extra`, without duplicates, split into DNS names and IP addresses. */
export function certificateHosts(extra: readonly string[] = []): HostNames {
  const all = [...new Set([...DEFAULT_HOSTS, ...extra])];
  return {
    dns: all.filter((name) => !isIPv4(name) && !isIPv6(name)),
    ips: all.filter((name) => isIPv4(name) || isIPv6(name)),
  };
}
