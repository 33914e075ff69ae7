import { describe, expect, it } from "vitest";
import { PEER_HEADER, clientIp } from "@/lib/security/client-ip";

const headers = (init: Record<string, string>) => new Headers(init);

describe("client IP", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp(headers({ [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "1.2.3.4" }), 0)).toBe("203.0.113.9");
  });

  it("takes the address the trusted proxy saw, ignoring what the client prepended", () => {
    const h = headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7" });
    expect(clientIp(h, 1)).toBe("198.51.100.7");
    expect(clientIp(h, 2)).toBe("6.6.6.6");
  });

  it("never trusts more hops than the chain has", () => {
    expect(clientIp(headers({ [PEER_HEADER]: "10.0.0.2" }), 3)).toBe("10.0.0.2");
  });

  it("normalises IPv4-mapped IPv6 so one client is one bucket", () => {
    expect(clientIp(headers({ [PEER_HEADER]: "::ffff:127.0.0.1" }), 0)).toBe("127.0.0.1");
  });

  it("without the server's peer header every request shares one bucket", () => {
    expect(clientIp(headers({ "x-forwarded-for": "1.2.3.4" }), 0)).toBe("unknown");
  });
});
