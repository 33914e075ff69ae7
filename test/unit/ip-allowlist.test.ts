import { describe, expect, it } from "vitest";
import { isIpAllowed } from "@/lib/api-keys/ip-allowlist";

// The matcher behind key allowlists and the widget's IP lists and blocklist (decision 041, 047).
describe("isIpAllowed", () => {
  const list = ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7/32"];

  it("matches IPv4 and IPv6 ranges by their own kind, and the same answer on every call", () => {
    for (let i = 0; i < 3; i++) {
      expect(isIpAllowed("203.0.113.200", list)).toBe(true);
      expect(isIpAllowed("2001:db8:1::5", list)).toBe(true);
      expect(isIpAllowed("198.51.100.7", list)).toBe(true);
      expect(isIpAllowed("198.51.100.8", list)).toBe(false);
      expect(isIpAllowed("2001:db9::1", list)).toBe(false);
    }
  });

  it("compares an IPv4-mapped IPv6 address as its IPv4 address", () => {
    expect(isIpAllowed("::ffff:203.0.113.9", list)).toBe(true);
    expect(isIpAllowed("[::ffff:192.0.2.1]", list)).toBe(false);
  });

  it("an empty list allows all; an unknown address and an entry that no longer parses match nothing", () => {
    expect(isIpAllowed("192.0.2.1", [])).toBe(true);
    expect(isIpAllowed("unknown", list)).toBe(false);
    expect(isIpAllowed("192.0.2.1", ["192.0.2.0/33", "not a range"])).toBe(false);
    expect(isIpAllowed("192.0.2.1", ["192.0.2.0/33", "192.0.2.0/24"])).toBe(true);
  });
});
