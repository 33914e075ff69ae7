import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyAddress, describeRange } from "@/lib/security/outbound/address-policy";

const strict = { allowLoopback: false };
const loopbackAllowed = { allowLoopback: true };

const NEVER_ALLOWED = [
  "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
  "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "100.100.100.200",
  "0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1", "239.255.255.250",
  "192.0.0.192", "192.0.2.1", "198.51.100.1", "203.0.113.1", "198.18.0.1", "240.0.0.1",
  "::", "fe80::1", "fc00::1", "fd00::1", "fd00:ec2::254", "ff02::1", "fec0::1",
  "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.0.1", "::ffff:0.0.0.0",
  "::7f00:1", "::a00:1", "::ffff:0:7f00:1",
  "2002:7f00:1::1", "2002:a00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
  "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808",
  "2001:db8::1", "3fff::1", "100::1", "4000::1", "5f00::1", "2001:2::1",
  "fe80::1%eth0", "not-an-address", "",
];

describe("outbound address policy", () => {
  it.each(["127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1"])("refuses loopback %s by default", (address) => {
    expect(classifyAddress(address, strict).isAllowed).toBe(false);
  });

  it.each(NEVER_ALLOWED)("refuses %s, with or without the loopback override", (address) => {
    expect(classifyAddress(address, strict).isAllowed).toBe(false);
    expect(classifyAddress(address, loopbackAllowed).isAllowed).toBe(false);
  });

  it.each([
    ["8.8.8.8", "8.8.8.8"],
    ["1.1.1.1", "1.1.1.1"],
    ["172.32.0.1", "172.32.0.1"],
    ["100.128.0.1", "100.128.0.1"],
    ["2606:4700:4700::1111", "2606:4700:4700::1111"],
    ["2001:4860:4860:0:0:0:0:8888", "2001:4860:4860::8888"],
    ["::ffff:8.8.8.8", "8.8.8.8"],
    ["64:ff9b::808:808", "64:ff9b::808:808"],
  ])("allows public unicast %s, connecting to %s", (address, canonical) => {
    expect(classifyAddress(address, strict)).toEqual({ isAllowed: true, address: canonical, range: expect.any(String) });
  });

  it("the loopback override opens 127.0.0.0/8 and ::1 and nothing else", () => {
    for (const address of ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1"]) {
      expect(classifyAddress(address, loopbackAllowed).isAllowed).toBe(true);
    }
    expect(classifyAddress("::ffff:127.0.0.1", loopbackAllowed).address).toBe("127.0.0.1");
  });

  it("an IPv4-mapped IPv6 address gets exactly the verdict of the IPv4 address it carries", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), fc.boolean(), (octets, allowLoopback) => {
        const v4 = octets.join(".");
        const plain = classifyAddress(v4, { allowLoopback });
        const mapped = classifyAddress(`::ffff:${v4}`, { allowLoopback });
        expect(mapped).toEqual(plain);
      }),
      { numRuns: 2000 },
    );
  });

  it("every address in 10/8, 172.16/12, 192.168/16, 169.254/16 and 100.64/10 is refused", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const inRange = fc.oneof(
      fc.tuple(octet, octet, octet).map(([b, c, d]) => `10.${b}.${c}.${d}`),
      fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`),
      fc.tuple(octet, octet).map(([c, d]) => `192.168.${c}.${d}`),
      fc.tuple(octet, octet).map(([c, d]) => `169.254.${c}.${d}`),
      fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => `100.${b}.${c}.${d}`),
    );
    fc.assert(fc.property(inRange, (address) => !classifyAddress(address, loopbackAllowed).isAllowed), { numRuns: 2000 });
  });

  it("names the metadata address and the usual ranges in words", () => {
    expect(describeRange("linkLocal", "169.254.169.254")).toBe("a cloud metadata address");
    expect(describeRange("private", "10.0.0.1")).toBe("a private network address");
    expect(describeRange("teredo", "2001::1")).toBe("a reserved or non-public address");
  });
});
