import assert from "node:assert/strict";
import { certificateHosts, DEFAULT_HOSTS, parseHostList } from "../../../src/certgen/hosts.ts";

Deno.test("-host takes comma-separated DNS names, wildcards and IP addresses", () => {
  assert.deepEqual(parseHostList("API.test, *.corp.example, 10.0.0.5,,fd00::1"), [
    "api.test",
    "*.corp.example",
    "10.0.0.5",
    "fd00::1",
  ]);
  for (const bad of ["bad_name", "-lead.example", "*.com", "a..b", "300.1.1.1", "1.2.3", "http://x"]) {
    assert.throws(() => parseHostList(bad), /invalid host/, bad);
  }
});

Deno.test("the certificate covers loopback, the course's domain and every Service in its DNS forms", () => {
  const { dns, ips } = certificateHosts(["api.test", "10.0.0.5", "localhost"]);
  for (
    const name of ["localhost", "*.example.com", "frontend", "auth.default.svc.cluster.local", "api.test"]
  ) {
    assert.ok(dns.includes(name), name);
  }
  assert.deepEqual(ips, ["127.0.0.1", "::1", "10.0.0.5"]);
  assert.equal(dns.filter((name) => name === "localhost").length, 1);
  assert.ok(DEFAULT_HOSTS.includes("monolith.default.svc.cluster.local"));
});
