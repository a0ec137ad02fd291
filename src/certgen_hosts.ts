/**
 * Which names the server certificate covers: the defaults every course step connects with, plus
 * the user's `-host` list, validated and split into DNS names and IP addresses.
 * @module
 */

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

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isIpv6(text: string): boolean {
  if (!text.includes(":") || !/^[0-9a-f:.]+$/i.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname !== "";
  } catch {
    return false;
  }
}

function isDnsName(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.split(".");
  const [first, ...rest] = labels;
  if (first !== "*" && !LABEL.test(first)) return false;
  if (first === "*" && rest.length < 2) return false;
  if (/^\d+$/.test(labels[labels.length - 1])) return false; // a bad IPv4 address, not a name
  return rest.every((label) => LABEL.test(label));
}

/**
 * Parses a comma-separated `-host` value (spaces allowed) into names; lower-cases DNS names.
 * Throws {@link HostError} naming the first bad entry.
 */
export function parseHostList(text: string): string[] {
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  for (const name of names) {
    if (!IPV4.test(name) && !isIpv6(name) && !isDnsName(name.toLowerCase())) {
      throw new HostError(`invalid host ${JSON.stringify(name)}: want a DNS name, *.domain or an IP address`);
    }
  }
  return names.map((name) => (IPV4.test(name) || isIpv6(name) ? name : name.toLowerCase()));
}

/** The defaults plus `extra`, without duplicates, split into DNS names and IP addresses. */
export function certificateHosts(extra: readonly string[] = []): HostNames {
  const all = [...new Set([...DEFAULT_HOSTS, ...extra])];
  return {
    dns: all.filter((name) => !IPV4.test(name) && !isIpv6(name)),
    ips: all.filter((name) => IPV4.test(name) || isIpv6(name)),
  };
}
