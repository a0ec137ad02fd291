import assert from "node:assert/strict";
import { isDnsName, isIPv4, isIPv6 } from "../../../src/util/hosts.ts";

Deno.test("hosts: IPv4 is a dotted quad of 0-255 without leading zeros", () => {
  for (const ok of ["0.0.0.0", "127.0.0.1", "255.255.255.255", "10.0.0.5"]) assert.ok(isIPv4(ok), ok);
  for (const bad of ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.x", ""]) {
    assert.ok(!isIPv4(bad), bad);
  }
});

Deno.test("hosts: IPv6 as written inside brackets", () => {
  for (const ok of ["::1", "::", "fe80::1", "2001:db8::8a2e:370:7334"]) assert.ok(isIPv6(ok), ok);
  for (const bad of ["1.2.3.4", "zz::1", ":::::", "fe80::1%eth0", "[::1]", ""]) assert.ok(!isIPv6(bad), bad);
});

Deno.test("hosts: DNS names; a wildcard only where asked for", () => {
  for (const ok of ["localhost", "auth", "hello.default.svc.cluster.local", "My-Host.example"]) {
    assert.ok(isDnsName(ok), ok);
  }
  for (
    const bad of ["-x", "x-", "a..b", "300.1.1.1", "8080", "bad host", "x".repeat(64), "*.example.com", ""]
  ) {
    assert.ok(!isDnsName(bad), bad);
  }
  assert.ok(isDnsName("*.example.com", { wildcard: true }));
  assert.ok(!isDnsName("*.com", { wildcard: true }), "a wildcard needs two labels after it");
});
