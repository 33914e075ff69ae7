import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  PEER_HEADER,
  PEER_STAMP_MAX_AGE_MS,
  clientIp,
  resolvePeer,
  signPeerStamp,
  verifyPeerStamp,
} from "@/lib/security/client-ip";

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

/**
 * Issue 16 item 5: Next forwards a server action posted to a foreign page back to this
 * server over loopback, with the original headers. The stamp our server signs is what lets
 * that hop keep the client's address, and nothing a client sends may do the same.
 */
describe("peer stamp across internal hops", () => {
  const secret = randomBytes(32);
  const otherSecret = randomBytes(32);
  const now = 1_800_000_000_000;
  const client = "198.51.100.23";
  const loopbackHop = { remoteAddress: "127.0.0.1", localAddress: "127.0.0.1" };
  const valid = signPeerStamp(client, secret, now);

  it("the first hop: the socket's address, and a fresh stamp for it", () => {
    const first = resolvePeer(undefined, { remoteAddress: client, localAddress: "192.0.2.1" }, secret, now);
    expect(first).toMatchObject({ peer: client, hop: "client" });
    expect(verifyPeerStamp(first.stamp, secret, now)).toBe(client);
  });

  it("Next's loopback hop carrying our stamp keeps the client's address and the same stamp", () => {
    const hop = resolvePeer(valid, loopbackHop, secret, now + 50);
    expect(hop).toEqual({ peer: client, stamp: valid, hop: "internal" });
    // A second hop (a redirect fetched after a forwarded action) still carries the original.
    expect(resolvePeer(hop.stamp, loopbackHop, secret, now + 900).peer).toBe(client);
  });

  it("this host talking to its own non-loopback address is an internal hop too", () => {
    expect(resolvePeer(valid, { remoteAddress: "10.1.2.3", localAddress: "10.1.2.3" }, secret, now).peer).toBe(client);
    expect(resolvePeer(valid, { remoteAddress: "::ffff:127.0.0.1", localAddress: "::ffff:127.0.0.1" }, secret, now).peer).toBe(client);
    expect(resolvePeer(valid, { remoteAddress: "::1", localAddress: "::1" }, secret, now).peer).toBe(client);
  });

  it("an IPv6 client survives the hop", () => {
    const v6 = "2001:db8::7";
    expect(resolvePeer(signPeerStamp(v6, secret, now), loopbackHop, secret, now).peer).toBe(v6);
  });

  const refused: Array<[string, string | string[] | undefined, number?]> = [
    ["missing", undefined],
    ["empty", ""],
    ["a bare address, as a client might try", "203.0.113.7"],
    ["made up in the stamp's shape", `v1.${now}.${Buffer.from("203.0.113.7").toString("base64url")}.${"A".repeat(43)}`],
    ["signed with another secret (another process, or a guess)", signPeerStamp("203.0.113.7", otherSecret, now)],
    ["another address spliced into a valid stamp", valid.replace(Buffer.from(client).toString("base64url"), Buffer.from("203.0.113.7").toString("base64url"))],
    ["a valid stamp with its time changed", valid.replace(`.${now}.`, `.${now + 1}.`)],
    ["a valid stamp with its signature cut short", valid.slice(0, -1)],
    ["a valid stamp with one signature character changed", valid.slice(0, -1) + (valid.endsWith("A") ? "B" : "A")],
    ["a valid stamp with a trailing space", `${valid} `],
    ["another version", valid.replace(/^v1\./, "v2.")],
    ["duplicated, as Node joins a repeated header", `${valid}, ${valid}`],
    ["duplicated, as two values", [valid, valid]],
    ["duplicated, a forged one first", [signPeerStamp("203.0.113.7", otherSecret, now), valid]],
    ["stale (older than the maximum age)", signPeerStamp(client, secret, now - PEER_STAMP_MAX_AGE_MS - 1)],
    ["stale by a day", signPeerStamp(client, secret, now - 86_400_000)],
    ["from the future", signPeerStamp(client, secret, now + 60_000)],
    ["an address with a comma (a list, never one peer)", signPeerStamp("203.0.113.7,198.51.100.23", secret, now)],
  ];

  for (const [name, stamp] of refused) {
    it(`from this host, a stamp that is ${name} is refused: the hop is the socket's`, () => {
      const resolved = resolvePeer(stamp, loopbackHop, secret, now);
      expect(resolved.peer).toBe("127.0.0.1");
      expect(resolved.hop).toBe("client");
      expect(verifyPeerStamp(resolved.stamp, secret, now)).toBe("127.0.0.1");
    });
  }

  it("a valid stamp replayed from another host is refused (only this host's hops carry one)", () => {
    const replay = resolvePeer(valid, { remoteAddress: "203.0.113.99", localAddress: "192.0.2.1" }, secret, now);
    expect(replay).toMatchObject({ peer: "203.0.113.99", hop: "client" });
  });

  it("a stamp exactly at the maximum age is still honoured; one millisecond later it is not", () => {
    expect(resolvePeer(valid, loopbackHop, secret, now + PEER_STAMP_MAX_AGE_MS).peer).toBe(client);
    expect(resolvePeer(valid, loopbackHop, secret, now + PEER_STAMP_MAX_AGE_MS + 1).peer).toBe("127.0.0.1");
  });

  it("a socket without an address gets no usable stamp (every such request is 'unknown')", () => {
    const none = resolvePeer(valid, {}, secret, now);
    expect(none.peer).toBe("");
    expect(verifyPeerStamp(none.stamp, secret, now)).toBeNull();
    expect(clientIp(headers({ [PEER_HEADER]: none.peer }), 0)).toBe("unknown");
  });
});
