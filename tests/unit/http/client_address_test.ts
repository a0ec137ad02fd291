import assert from "node:assert/strict";
import { CidrError, formatIp, inCidr, ipv4Number, parseCidrList, parseIp } from "../../../src/util/ip.ts";
import { clientAddressFor, clientKey, type PeerInfo } from "../../../src/http/client_address.ts";

const peer = (hostname: string): PeerInfo => ({ remoteAddr: { transport: "tcp", hostname, port: 40000 } });
const request = (headers: Record<string, string> = {}) => new Request("http://app/login", { headers });

Deno.test("ip: IPv4 and IPv6 parse to one canonical text; junk does not parse", async (t) => {
  const canonical: [string, string][] = [
    ["203.0.113.7", "203.0.113.7"],
    ["::1", "::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["::ffff:198.51.100.9", "198.51.100.9"],
    ["fe80::1%eth0", "fe80::1"],
    ["::", "::"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
  ];
  for (const [text, want] of canonical) {
    await t.step(text, () => assert.equal(formatIp(parseIp(text)!), want));
  }
  for (
    const junk of [
      "",
      "unknown",
      "1.2.3",
      "256.1.1.1",
      "01.2.3.4",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "::g",
      "a".repeat(50),
    ]
  ) {
    await t.step(`junk ${JSON.stringify(junk)}`, () => assert.equal(parseIp(junk), undefined));
  }
});

Deno.test("ip: CIDR lists, membership, and each bad entry named", () => {
  const [v4, v6, one] = parseCidrList("10.0.0.0/8, fd00::/8,127.0.0.1");
  assert.ok(inCidr(parseIp("10.200.3.4")!, v4));
  assert.ok(!inCidr(parseIp("11.0.0.1")!, v4));
  assert.ok(inCidr(parseIp("fd12::5")!, v6));
  assert.ok(!inCidr(parseIp("fe00::5")!, v6));
  assert.ok(inCidr(parseIp("127.0.0.1")!, one) && !inCidr(parseIp("127.0.0.2")!, one));
  assert.ok(inCidr(parseIp("::ffff:10.1.1.1")!, v4), "IPv4-mapped IPv6 peers match IPv4 ranges");
  assert.ok(inCidr(parseIp("10.1.2.3")!, parseCidrList("10.1.0.0/22")[0]));
  assert.ok(!inCidr(parseIp("10.1.2.3")!, parseCidrList("10.1.0.0/23")[0]));
  assert.deepEqual(parseCidrList(" "), []);
  for (
    const bad of [
      "10.0.0.0/33",
      "::/129",
      "10.0.0.0/",
      "10.0.0.0/-1",
      "example.com",
      "10.0.0.0/8,",
      "fe80::1%eth0",
    ]
  ) {
    assert.throws(() => parseCidrList(bad), CidrError, bad);
  }
});

Deno.test("client address: forwarding headers count only from a trusted proxy", async (t) => {
  const viaProxy = clientAddressFor(parseCidrList("10.0.0.0/8,127.0.0.1"));
  const cases: [string, PeerInfo, Record<string, string>, string][] = [
    [
      "an untrusted peer's X-Forwarded-For is ignored",
      peer("198.51.100.9"),
      { "X-Forwarded-For": "1.2.3.4" },
      "198.51.100.9",
    ],
    [
      "an untrusted peer's X-Real-IP is ignored",
      peer("198.51.100.9"),
      { "X-Real-IP": "1.2.3.4" },
      "198.51.100.9",
    ],
    ["a trusted proxy's single hop", peer("10.1.2.3"), { "X-Forwarded-For": "203.0.113.7" }, "203.0.113.7"],
    [
      "the rightmost untrusted hop; a client's own spoofed hops further left are not believed",
      peer("10.1.2.3"),
      { "X-Forwarded-For": "6.6.6.6, 203.0.113.7, 10.9.9.9" },
      "203.0.113.7",
    ],
    [
      "all hops trusted: the leftmost",
      peer("127.0.0.1"),
      { "X-Forwarded-For": "10.0.0.5, 10.0.0.6" },
      "10.0.0.5",
    ],
    [
      "ports and brackets are dropped",
      peer("10.1.2.3"),
      { "X-Forwarded-For": "[2001:db8::7]:443" },
      "2001:db8::7",
    ],
    ["IPv4 with a port", peer("10.1.2.3"), { "X-Forwarded-For": "203.0.113.7:5555" }, "203.0.113.7"],
    [
      "garbage stops at the nearest trusted hop",
      peer("10.1.2.3"),
      { "X-Forwarded-For": "unknown" },
      "10.1.2.3",
    ],
    ["garbage to the left of a real hop is never read", peer("10.1.2.3"), {
      "X-Forwarded-For": "<script>, 203.0.113.7",
    }, "203.0.113.7"],
    [
      "X-Real-IP when there is no X-Forwarded-For",
      peer("10.1.2.3"),
      { "X-Real-IP": "203.0.113.8" },
      "203.0.113.8",
    ],
    ["a junk X-Real-IP: the proxy itself", peer("10.1.2.3"), { "X-Real-IP": "nobody" }, "10.1.2.3"],
    ["no headers: the proxy itself", peer("10.1.2.3"), {}, "10.1.2.3"],
    ["an IPv4-mapped peer", peer("::ffff:10.1.2.3"), { "X-Forwarded-For": "203.0.113.7" }, "203.0.113.7"],
    ["no peer at all", undefined, { "X-Forwarded-For": "203.0.113.7" }, "-"],
  ];
  for (const [name, info, headers, want] of cases) {
    await t.step(name, () => assert.equal(viaProxy(request(headers), info), want));
  }
  await t.step("no trusted proxies: never a header", () => {
    const direct = clientAddressFor([]);
    assert.equal(
      direct(request({ "X-Forwarded-For": "1.2.3.4", "X-Real-IP": "1.2.3.4" }), peer("127.0.0.1")),
      "127.0.0.1",
    );
  });
});

Deno.test("client key: IPv4 as is, IPv6 by its /64", () => {
  assert.equal(clientKey("203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  assert.equal(clientKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
  assert.equal(clientKey("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey("-"), "-");
});

Deno.test("ip: the allocation-free IPv4 reader accepts exactly dotted quads of 0-255 without leading zeros", async () => {
  // An independent oracle: the regular expression isIPv4 used before it read through ipv4Number.
  const quad = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  const isIPv4 = (text: string) => quad.test(text);
  const fc = (await import("fast-check")).default;
  const samples = [
    "0.0.0.0",
    "255.255.255.255",
    "1.2.3.4",
    "01.2.3.4",
    "1.2.3",
    "1.2.3.4.",
    ".1.2.3",
    "1..2.3",
    "256.1.1.1",
    "1.2.3.4:80",
    " 1.2.3.4",
    "1000.1.1.1",
    "",
  ];
  for (const text of samples) assert.equal(ipv4Number(text) >= 0, isIPv4(text), text);
  assert.equal(ipv4Number("10.1.2.3"), 0x0a010203);
  assert.equal(ipv4Number("255.255.255.255"), 0xffffffff);
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9.]{0,16}$/), (text) => (ipv4Number(text) >= 0) === isIPv4(text)),
    { numRuns: 2000 },
  );
  fc.assert(fc.property(fc.ipV4(), (text) => ipv4Number(text) >= 0 && formatIp(parseIp(text)!) === text));
});

Deno.test("client address: IPv4 ranges of any length, and IPv6 ranges that hold IPv4 (::/0), match IPv4 peers", () => {
  const header = request({ "X-Forwarded-For": "203.0.113.7" });
  for (
    const [ranges, peerText, believed] of [
      ["0.0.0.0/0", "198.51.100.1", true],
      ["::/0", "198.51.100.1", true],
      ["::ffff:0:0/96", "198.51.100.1", true],
      ["10.0.0.0/8", "::ffff:10.9.9.9", true],
      ["10.0.0.0/32", "10.0.0.0", true],
      ["10.0.0.0/32", "10.0.0.1", false],
      ["fd00::/8", "198.51.100.1", false],
      ["fd00::/8", "fd00::1", true],
    ] as const
  ) {
    const got = clientAddressFor(parseCidrList(ranges))(header, peer(peerText));
    assert.equal(got === "203.0.113.7", believed, `${ranges} from ${peerText}: ${got}`);
  }
});
