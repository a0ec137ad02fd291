import assert from "node:assert/strict";
import { isDnsName, isIPv4, isIPv6 } from "../../../src/util/hosts.ts";

/** One step per text: `check(text)` must be `expected`. */
async function table(
  t: Deno.TestContext,
  check: (text: string) => boolean,
  expected: boolean,
  texts: string[],
) {
  for (const text of texts) {
    await t.step(
      `${expected ? "yes" : "no"}: ${JSON.stringify(text)}`,
      () => assert.equal(check(text), expected),
    );
  }
}

Deno.test("hosts: IPv4 is a dotted quad of 0-255 without leading zeros", async (t) => {
  await table(t, isIPv4, true, ["0.0.0.0", "127.0.0.1", "255.255.255.255", "10.0.0.5"]);
  await table(t, isIPv4, false, ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.x", ""]);
});

Deno.test("hosts: IPv6 as written inside brackets", async (t) => {
  await table(t, isIPv6, true, ["::1", "::", "fe80::1", "2001:db8::8a2e:370:7334"]);
  await table(t, isIPv6, false, ["1.2.3.4", "zz::1", ":::::", "fe80::1%eth0", "[::1]", ""]);
});

Deno.test("hosts: DNS names; a wildcard only where asked for", async (t) => {
  await table(t, isDnsName, true, [
    "localhost",
    "auth",
    "hello.default.svc.cluster.local",
    "My-Host.example",
  ]);
  await table(t, isDnsName, false, [
    "-x",
    "x-",
    "a..b",
    "300.1.1.1",
    "8080",
    "bad host",
    "x".repeat(64),
    "*.example.com",
    "",
  ]);
  const wildcard = (text: string) => isDnsName(text, { wildcard: true });
  await table(t, wildcard, true, ["*.example.com"]);
  await table(t, wildcard, false, ["*.com"]); // a wildcard needs two labels after it
});
