import assert from "node:assert/strict";
import { AddressError, formatAddress, parseAddress } from "../../../src/util/address.ts";

Deno.test("address: forms Go accepts", () => {
  assert.deepEqual(parseAddress(":10080"), { hostname: "0.0.0.0", port: 10080 });
  assert.deepEqual(parseAddress("0.0.0.0:10081"), { hostname: "0.0.0.0", port: 10081 });
  assert.deepEqual(parseAddress("127.0.0.1:0"), { hostname: "127.0.0.1", port: 0 });
  assert.deepEqual(parseAddress("localhost:8080"), { hostname: "localhost", port: 8080 });
  assert.deepEqual(parseAddress("[::1]:8080"), { hostname: "::1", port: 8080 });
  assert.deepEqual(parseAddress("[::]:65535"), { hostname: "::", port: 65535 });
});

Deno.test("address: malformed addresses are refused with the reason", async (t) => {
  const cases: [string, RegExp][] = [
    ["10080", /missing port/],
    ["localhost", /missing port/],
    [":", /invalid port ""/],
    [":http", /invalid port "http"/],
    [":65536", /invalid port "65536"/],
    [":-1", /invalid port "-1"/],
    ["::1:80", /too many colons/],
    ["[zz]:80", /invalid IPv6 host/],
    ["[127.0.0.1]:80", /invalid IPv6 host/],
    ["300.1.1.1:80", /invalid host "300.1.1.1"/],
    ["bad host:80", /invalid host "bad host"/],
    ["-x:80", /invalid host "-x"/],
  ];
  for (const [text, message] of cases) {
    await t.step(JSON.stringify(text), () => {
      assert.throws(() => parseAddress(text), (error: unknown) => {
        assert.ok(error instanceof AddressError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("address: formatted the way Go prints listeners", () => {
  assert.equal(formatAddress({ hostname: "0.0.0.0", port: 80 }), "0.0.0.0:80");
  assert.equal(formatAddress({ hostname: "::1", port: 80 }), "[::1]:80");
});
