import { describe, expect, it, vi } from "vitest";
import { checkOutboundUrl, type OutboundLookup } from "@/lib/security/outbound/check-url";
import { OutboundRefused } from "@/lib/security/outbound/errors";
import { outboundWarnings } from "@/lib/security/outbound/warnings";

/** A resolver that answers from a table and counts its calls; no network. */
function fakeDns(table: Record<string, string[]>) {
  return vi.fn<OutboundLookup>(async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  });
}

const publicDns = () => fakeDns({ "hooks.example.com": ["93.184.216.34"], "v6.example.com": ["2606:4700::1111"] });
const base = { allowLoopback: false, requireHttps: false };

async function refusal(url: string, options: Parameters<typeof checkOutboundUrl>[1] = {}) {
  const error = await checkOutboundUrl(url, { ...base, lookup: publicDns(), ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OutboundRefused);
  return error as OutboundRefused;
}

describe("checkOutboundUrl", () => {
  it.each([
    ["http://0x7f000001:8080/", "127.0.0.1"],
    ["http://2130706433:8080/", "127.0.0.1"],
    ["http://0177.0.0.1:8080/", "127.0.0.1"],
    ["http://127.1:8080/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://%31%32%37.0.0.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://[::1]:8080/", "[::1]"],
    ["http://[::ffff:127.0.0.1]:8080/", "[::ffff:7f00:1]"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "[::ffff:7f00:1]"],
    ["http://[::]/", "[::]"],
  ])("refuses the address literal %s (WHATWG reads it as %s) without asking DNS", async (url, hostname) => {
    expect(new URL(url).hostname).toBe(hostname);
    const lookup = publicDns();
    const error = await refusal(url, { lookup });
    expect(error.reason).toBe("private_address");
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each(["ftp://hooks.example.com/", "file:///etc/passwd", "gopher://hooks.example.com/", "javascript:alert(1)", "data:text/plain,hi", "ws://hooks.example.com/"])(
    "refuses the scheme of %s",
    async (url) => {
      expect((await refusal(url)).reason).toBe("scheme");
    },
  );

  it.each(["http://alice:hunter2@hooks.example.com/", "https://alice@hooks.example.com/", "https://:hunter2@hooks.example.com/"])(
    "refuses credentials in %s, without repeating them",
    async (url) => {
      const error = await refusal(url);
      expect(error.reason).toBe("credentials");
      expect(error.message).not.toMatch(/alice|hunter2/);
    },
  );

  it.each(["0", "22", "25", "445", "1023"])("refuses privileged port %s", async (port) => {
    expect((await refusal(`https://hooks.example.com:${port}/`)).reason).toBe("port");
  });

  it.each(["", ":80", ":443", ":1024", ":8443", ":65535"])("allows port '%s'", async (port) => {
    const checked = await checkOutboundUrl(`https://hooks.example.com${port}/hook`, { ...base, lookup: publicDns() });
    expect(checked.addresses).toEqual(["93.184.216.34"]);
    expect(checked.url.pathname).toBe("/hook");
  });

  it.each(["not a url", "http://", "//hooks.example.com/", "http://exa mple.com/"])("refuses the unparseable %s", async (url) => {
    expect((await refusal(url)).reason).toBe("invalid_url");
  });

  it("a name that does not resolve, or resolves to nothing, is a dns_failure", async () => {
    expect((await refusal("https://nowhere.example.com/")).reason).toBe("dns_failure");
    const empty = vi.fn<OutboundLookup>(async () => []);
    expect((await refusal("https://hooks.example.com/", { lookup: empty })).reason).toBe("dns_failure");
  });

  it("refuses a name when ANY of its addresses is not public, and names no resolved address", async () => {
    const lookup = fakeDns({ "mixed.example.com": ["93.184.216.34", "2606:4700::1111", "10.1.2.3"] });
    const error = await refusal("https://mixed.example.com/", { lookup });
    expect(error.reason).toBe("private_address");
    expect(error.range).toBe("private");
    expect(error.address).toBe("10.1.2.3");
    expect(error.message).toBe("mixed.example.com resolves to a private network address; only public addresses can be reached");
    expect(error.message).not.toContain("10.1.2.3");
  });

  it("a name resolving to the metadata address or an IPv4-mapped loopback is refused", async () => {
    const lookup = fakeDns({ "meta.example.com": ["169.254.169.254"], "mapped.example.com": ["::ffff:127.0.0.1"] });
    expect((await refusal("https://meta.example.com/", { lookup })).message).toContain("cloud metadata");
    expect((await refusal("https://mapped.example.com/", { lookup, allowLoopback: false })).range).toBe("loopback");
  });

  it("resolves localhost through the system resolver and refuses it", async () => {
    const error = await checkOutboundUrl("http://localhost:8080/", base).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "private_address", range: "loopback", host: "localhost" });
  });

  it("returns every allowed address, canonical and without duplicates", async () => {
    const lookup = fakeDns({ "multi.example.com": ["93.184.216.34", "::ffff:93.184.216.34", "2606:4700:0:0:0:0:0:1111"] });
    const checked = await checkOutboundUrl("https://multi.example.com/", { ...base, lookup });
    expect(checked.addresses).toEqual(["93.184.216.34", "2606:4700::1111"]);
  });

  it("in production refuses plain http, except to loopback under the override", async () => {
    const prod = { requireHttps: true, allowLoopback: false };
    expect((await refusal("http://hooks.example.com/", prod)).reason).toBe("https_required");
    expect((await checkOutboundUrl("https://hooks.example.com/", { ...prod, lookup: publicDns() })).addresses).toHaveLength(1);

    const local = { requireHttps: true, allowLoopback: true };
    expect((await checkOutboundUrl("http://127.0.0.1:8080/", local)).addresses).toEqual(["127.0.0.1"]);
    expect((await checkOutboundUrl("http://[::1]:8080/", local)).addresses).toEqual(["::1"]);
    expect((await refusal("http://hooks.example.com/", local)).reason).toBe("https_required");
  });

  it("the loopback override still refuses every other non-public address", async () => {
    const lookup = fakeDns({ "lan.example.com": ["127.0.0.1", "192.168.1.20"] });
    for (const url of ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0:8080/", "http://[fd00::1]/", "http://lan.example.com/"]) {
      expect((await refusal(url, { allowLoopback: true, lookup })).reason).toBe("private_address");
    }
  });

  it("a lookup outlasting the signal is abandoned with the signal's reason", async () => {
    const never = vi.fn<OutboundLookup>(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = checkOutboundUrl("https://slow.example.com/", { ...base, lookup: never, signal: controller.signal });
    controller.abort(new OutboundRefused("timeout", "too slow"));
    await expect(pending).rejects.toMatchObject({ reason: "timeout" });
  });
});

describe("outboundWarnings", () => {
  it("warns while the loopback override is on, and only then", () => {
    expect(outboundWarnings({ OUTBOUND_ALLOW_LOOPBACK: false })).toEqual([]);
    expect(outboundWarnings({ OUTBOUND_ALLOW_LOOPBACK: true })).toEqual([expect.stringContaining("OUTBOUND_ALLOW_LOOPBACK is on")]);
  });
});
