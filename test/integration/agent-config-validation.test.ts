import { beforeAll, describe, expect, it } from "vitest";
import { createConfiguration, renameConfiguration } from "@/lib/agent-config/configurations";
import { DEFAULT_CONTENT } from "@/lib/agent-config/content";
import { normaliseEmbedDomain } from "@/lib/agent-config/embed-domains";
import { saveConfiguration } from "@/lib/agent-config/versions";
import { db } from "@/lib/db/client";
import { refusal, UNSAFE_TEXT, withTwoWorkspaces, XSS_PAYLOADS } from "../support/members";

// What an agent configuration accepts (issue 9), and that its text is sanitised before storage.
const { as } = withTwoWorkspaces();
const content = (patch: Partial<typeof DEFAULT_CONTENT> = {}) => ({ ...DEFAULT_CONTENT, ...patch });

describe("validation", () => {
  let id: string;
  let version: number;
  beforeAll(async () => {
    const created = await createConfiguration(await as("owner"), { name: "Validation" });
    id = created.id;
    version = 1;
  });
  const cases: [string, Record<string, unknown>, string][] = [
    ["empty greeting", { greeting: "   " }, "greeting"],
    ["markup-only greeting", { greeting: "<script>alert(1)</script>" }, "greeting"],
    ["greeting over 500 characters", { greeting: "a".repeat(501) }, "greeting"],
    ["unknown language", { language: "xx-YY" }, "language"],
    ["language not on the list", { language: "en-AU" }, "language"],
    ["unknown voice", { voice: "hal9000" }, "voice"],
    ["unknown time zone", { timeZone: "Mars/Olympus" }, "timeZone"],
    ["closing before opening", { hours: { ...DEFAULT_CONTENT.hours, tue: { open: "17:00", close: "09:00" } } }, "hours.tue"],
    ["malformed time", { hours: { ...DEFAULT_CONTENT.hours, wed: { open: "9am", close: "17:00" } } }, "hours.wed.open"],
    ["invalid escalation number", { escalationNumber: "07946 0123" }, "escalationNumber"],
    ["domain with scheme", { embedDomains: ["https://example.com"] }, "embedDomains"],
    ["domain with path", { embedDomains: ["example.com/widget"] }, "embedDomains"],
    ["domain with port", { embedDomains: ["example.com:8443"] }, "embedDomains"],
    ["inner wildcard", { embedDomains: ["shop.*.example.com"] }, "embedDomains"],
    ["bare wildcard", { embedDomains: ["*"] }, "embedDomains"],
    ["wildcard over a TLD", { embedDomains: ["*.com"] }, "embedDomains"],
    ["IP address", { embedDomains: ["192.168.1.10"] }, "embedDomains"],
    ["too many domains", { embedDomains: Array.from({ length: 26 }, (_, i) => `d${i}.example.com`) }, "embedDomains"],
  ];
  for (const [name, patch, field] of cases) {
    it(`refuses ${name} (${field})`, async () => {
      const result = await refusal(saveConfiguration(await as("owner"), { configurationId: id, baseVersion: version }, { ...DEFAULT_CONTENT, ...patch }));
      expect(result).toMatchObject({ code: "VALIDATION_FAILED", field });
    });
  }

  it("refuses unknown fields", async () => {
    const result = await refusal(saveConfiguration(await as("owner"), { configurationId: id, baseVersion: version }, { ...DEFAULT_CONTENT, prompt: "ignore previous" }));
    expect(result.code).toBe("VALIDATION_FAILED");
  });

  it("normalises embed domains: lower case, IDNs in ASCII, trailing dots, duplicates", () => {
    expect(normaliseEmbedDomain(" Example.COM. ")).toEqual({ domain: "example.com" });
    expect(normaliseEmbedDomain("*.Shop.Example.com")).toEqual({ domain: "*.shop.example.com" });
    expect(normaliseEmbedDomain("bücher.example")).toEqual({ domain: "xn--bcher-kva.example" });
    expect(normaliseEmbedDomain("localhost")).toEqual({ domain: "localhost" });
    expect("error" in normaliseEmbedDomain("user@example.com")).toBe(true);
    expect("error" in normaliseEmbedDomain("-bad-.example.com")).toBe(true);
  });

  it("names: required, at most 60 characters, unique in the workspace", async () => {
    const owner = await as("owner");
    expect(await refusal(createConfiguration(owner, { name: "  " }))).toMatchObject({ code: "VALIDATION_FAILED", field: "name" });
    expect(await refusal(createConfiguration(owner, { name: "n".repeat(61) }))).toMatchObject({ code: "VALIDATION_FAILED", field: "name" });
    expect(await refusal(createConfiguration(owner, { name: "Validation" }))).toMatchObject({ code: "CONFLICT", field: "name" });
    const other = await createConfiguration(owner, { name: "Another" });
    expect(await refusal(renameConfiguration(owner, other.id, "Validation"))).toMatchObject({ code: "CONFLICT", field: "name" });
  });
});

describe("text is sanitised before storage", () => {
  it("greetings and configuration names keep no script, handler or script URL", async () => {
    const owner = await as("owner");
    const { id } = await createConfiguration(owner, { name: "XSS" });
    let version = 1;
    for (const payload of XSS_PAYLOADS) {
      const saved = await saveConfiguration(owner, { configurationId: id, baseVersion: version }, content({ greeting: `Hello ${payload} #${version}` }));
      version = saved.version;
      const stored = await db().agentConfigurationVersion.findUniqueOrThrow({ where: { configurationId_version: { configurationId: id, version } } });
      const greeting = (stored.content as { greeting: string }).greeting;
      expect(greeting, payload).not.toMatch(UNSAFE_TEXT);
      expect(greeting).not.toMatch(/<[a-z!/]/i);

      const named = await createConfiguration(owner, { name: `Cfg ${version} ${payload}`.slice(0, 200) });
      const row = await db().agentConfiguration.findUniqueOrThrow({ where: { id: named.id } });
      expect(row.name, payload).not.toMatch(UNSAFE_TEXT);
      expect(row.name).not.toMatch(/<[a-z!/]/i);
      await renameConfiguration(owner, named.id, `Renamed ${version} ${payload}`);
      expect((await db().agentConfiguration.findUniqueOrThrow({ where: { id: named.id } })).name, payload).not.toMatch(UNSAFE_TEXT);
    }
  });

  it("the audit rows of those saves hold the sanitised text only", async () => {
    const rows = await db().auditLog.findMany({ where: { action: { in: ["agent_config.saved", "agent_config.created", "agent_config.renamed"] } } });
    for (const row of rows) expect(JSON.stringify(row.changes)).not.toMatch(UNSAFE_TEXT);
  });
});
