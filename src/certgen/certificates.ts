/**
 * Makes a private CA and a server certificate signed by it (ECDSA P-256, SHA-256) with
 * `@peculiar/x509` on WebCrypto. Pure: returns PEM text, writes nothing.
 * @module
 */
import "reflect-metadata"; // @peculiar/x509's dependency injection needs it, before the import below
import * as x509 from "@peculiar/x509";
import type { HostNames } from "./hosts.ts";

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;

/** How long the CA and the server certificate are valid. */
const CA_DAYS = 1825;
/** Server certificates stay under the 398 days browsers accept. */
const CERT_DAYS = 397;

/** The four PEM files, keyed by the file names the course's `tls-certs` Secret uses. */
export interface CertificateFiles {
  "ca.pem": string;
  "ca-key.pem": string;
  "cert.pem": string;
  "key.pem": string;
}

/** File names certgen writes, certificates first. */
export const CERT_FILE_NAMES = ["ca.pem", "ca-key.pem", "cert.pem", "key.pem"] as const;

/** Files holding private keys (written with mode 0600). */
export const KEY_FILE_NAMES: readonly string[] = ["ca-key.pem", "key.pem"];

function serialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // positive
  bytes[0] |= 0x01; // no leading zero byte to strip
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", key);
  return `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`;
}

function keyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

/** Generates a CA and a server certificate for `hosts`, valid from a minute before `now`. */
export async function generateCertificates(hosts: HostNames, now = new Date()): Promise<CertificateFiles> {
  const notBefore = new Date(now.getTime() - 60_000);
  const caKeys = await keyPair();
  const caName = "CN=app course CA,O=app";
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    notBefore,
    notAfter: new Date(notBefore.getTime() + CA_DAYS * DAY_MS),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const serverKeys = await keyPair();
  const names = [
    ...hosts.dns.map((value) => ({ type: "dns" as const, value })),
    ...hosts.ips.map((value) => ({ type: "ip" as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${hosts.dns[0] ?? hosts.ips[0]},O=app`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + CERT_DAYS * DAY_MS),
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  return {
    "ca.pem": `${ca.toString("pem")}\n`,
    "ca-key.pem": await privateKeyPem(caKeys.privateKey),
    "cert.pem": `${cert.toString("pem")}\n`,
    "key.pem": await privateKeyPem(serverKeys.privateKey),
  };
}
