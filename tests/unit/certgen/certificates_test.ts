import assert from "node:assert/strict";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import {
  CERT_FILE_NAMES,
  type CertificateFiles,
  generateCertificates,
  KEY_FILE_NAMES,
} from "../../../src/certgen/certificates.ts";
import { certificateHosts } from "../../../src/certgen/hosts.ts";
import { fromPem, pemLabels } from "../../../src/keys/pem.ts";

// generateCertificates is pure (PEM text); writing the files is tests/e2e/certgen_test.ts.
const NOW = new Date("2027-03-01T12:00:00Z"); // an injected clock
const DAY_MS = 86_400_000;
const hosts = certificateHosts(["api.test", "10.0.0.5", "fd00::1"]);
const files: CertificateFiles = await generateCertificates(hosts, NOW);
const ca = new x509.X509Certificate(files["ca.pem"]);
const cert = new x509.X509Certificate(files["cert.pem"]);
const ECDSA = { name: "ECDSA", namedCurve: "P-256" };

Deno.test("certificates: four PEM files, one block each, keys named as the course's Secret", () => {
  assert.deepEqual([...CERT_FILE_NAMES], ["ca.pem", "ca-key.pem", "cert.pem", "key.pem"]);
  assert.deepEqual([...KEY_FILE_NAMES], ["ca-key.pem", "key.pem"]);
  assert.deepEqual(Object.keys(files).sort(), [...CERT_FILE_NAMES].sort());
  for (const name of CERT_FILE_NAMES) {
    const want = KEY_FILE_NAMES.includes(name) ? "PRIVATE KEY" : "CERTIFICATE";
    assert.deepEqual(pemLabels(files[name]), [want], name);
    assert.ok(files[name].endsWith("-----\n"), `${name} ends in a newline`);
  }
});

Deno.test("certificates: a CA that may sign certificates and nothing below them", () => {
  assert.equal(ca.subject, ca.issuer);
  const constraints = ca.getExtension(x509.BasicConstraintsExtension)!;
  assert.equal(constraints.ca, true);
  assert.equal(constraints.pathLength, 0);
  assert.equal(constraints.critical, true);
  const usages = ca.getExtension(x509.KeyUsagesExtension)!.usages;
  assert.ok(usages & x509.KeyUsageFlags.keyCertSign);
  assert.equal(usages & x509.KeyUsageFlags.digitalSignature, 0);
});

Deno.test("certificates: the server certificate is signed by the CA, for serving only, not a CA itself", async () => {
  assert.equal(cert.issuer, ca.subject);
  assert.ok(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }));
  assert.equal(await cert.verify({ publicKey: cert.publicKey, signatureOnly: true }), false);
  assert.equal(cert.getExtension(x509.BasicConstraintsExtension)!.ca, false);
  const extended = cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages;
  assert.deepEqual([...extended], [x509.ExtendedKeyUsage.serverAuth]);
  assert.equal(cert.subject, "CN=localhost, O=app");
  assert.equal(
    cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId,
    ca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
  );
});

Deno.test("certificates: the server certificate names every host, DNS names and IPs apart", () => {
  const names = cert.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON();
  const dns = names.filter((name) => name.type === "dns").map((name) => name.value);
  const ips = names.filter((name) => name.type === "ip").map((name) => name.value);
  assert.deepEqual(dns, hosts.dns);
  assert.ok(dns.includes("api.test") && dns.includes("*.example.com"));
  assert.deepEqual(ips.sort(), ["10.0.0.5", "127.0.0.1", "::1", "fd00::1"].sort());
});

Deno.test("certificates: validity from a minute before now; the server's under 398 days, the CA's five years", () => {
  const notBefore = NOW.getTime() - 60_000;
  assert.equal(ca.notBefore.getTime(), notBefore);
  assert.equal(cert.notBefore.getTime(), notBefore);
  assert.equal(cert.notAfter.getTime() - notBefore, 397 * DAY_MS);
  assert.equal(ca.notAfter.getTime() - notBefore, 1825 * DAY_MS);
  assert.ok(cert.notAfter <= ca.notAfter, "the server certificate never outlives its CA");
});

Deno.test("certificates: each key file is the private half of its certificate", async (t) => {
  const message = new TextEncoder().encode("pair");
  const pairs: [string, "ca-key.pem" | "key.pem", x509.X509Certificate][] = [
    ["CA", "ca-key.pem", ca],
    ["server", "key.pem", cert],
  ];
  for (const [name, file, certificate] of pairs) {
    await t.step(name, async () => {
      const key = await crypto.subtle.importKey("pkcs8", fromPem(files[file], "PRIVATE KEY")!, ECDSA, false, [
        "sign",
      ]);
      const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, message);
      const publicKey = await certificate.publicKey.export(ECDSA, ["verify"]);
      assert.ok(
        await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, signature, message),
      );
    });
  }
});

Deno.test("certificates: positive serial numbers, new keys and serials on every run", async () => {
  const again = await generateCertificates(hosts, NOW);
  const other = new x509.X509Certificate(again["cert.pem"]);
  for (const certificate of [ca, cert, other]) {
    assert.match(certificate.serialNumber, /^[0-7][0-9a-f]{31}$/, "16 bytes, high bit clear");
    assert.notEqual(certificate.serialNumber.slice(0, 2), "00");
  }
  assert.notEqual(other.serialNumber, cert.serialNumber);
  assert.notEqual(again["key.pem"], files["key.pem"]);
  assert.notEqual(again["ca-key.pem"], files["ca-key.pem"]);
});

Deno.test("certificates: a certificate for IP addresses only is named after the first", async () => {
  const only = new x509.X509Certificate(
    (await generateCertificates({ dns: [], ips: ["10.1.2.3"] }, NOW))["cert.pem"],
  );
  assert.equal(only.subject, "CN=10.1.2.3, O=app");
});
