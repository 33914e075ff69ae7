import { beforeAll, describe, expect, it } from "vitest";
import { createConfiguration, deleteConfiguration, getConfiguration, listConfigurations, renameConfiguration } from "@/lib/agent-config/configurations";
import { DEFAULT_CONTENT, parseContent, type AgentConfigContent } from "@/lib/agent-config/content";
import { listVersions, restoreVersion, saveConfiguration } from "@/lib/agent-config/versions";
import type { WorkspaceContext } from "@/lib/authz/context";
import { ROLE_DEFAULTS, ROLES, type Role } from "@/lib/authz/roles";
import { db } from "@/lib/db/client";
import { inWorkspace } from "@/lib/db/scoped";
import { addNumber, updateNumber } from "@/lib/phone-numbers/numbers";
import { seedDemoAgentAndBilling } from "@/lib/seed/demo-agent";
import { first, last, nth } from "../support/items";
import { outcome, refusal, withTwoWorkspaces } from "../support/members";
import { client } from "../support/users";

const { as, member } = withTwoWorkspaces();

const content = (patch: Partial<AgentConfigContent> = {}): AgentConfigContent => ({ ...DEFAULT_CONTENT, ...patch });
const auditRows = (action: string, targetId?: string) => db().auditLog.findMany({ where: { action, ...(targetId ? { targetId } : {}) }, orderBy: { seq: "asc" } });

describe("the Default configuration", () => {
  it("exists lazily: defaults until the first save creates Default version 1", async () => {
    const owner = await as("owner");
    const before = await getConfiguration(owner);
    expect(before).toMatchObject({ id: null, name: "Default", currentVersion: 0, content: DEFAULT_CONTENT });
    expect(await db().agentConfiguration.count()).toBe(0);
    const saved = await saveConfiguration(owner, { configurationId: null, baseVersion: 0 }, content({ greeting: "Welcome to Acme." }));
    expect(saved).toMatchObject({ version: 1, changed: true });
    const after = await getConfiguration(owner);
    expect(after).toMatchObject({ id: saved.id, name: "Default", currentVersion: 1 });
    expect(after.content.greeting).toBe("Welcome to Acme.");
    const created = first(await auditRows("agent_config.created", saved.id), "agent_config.created audit row");
    expect(created).toMatchObject({ ip: client.ip, actorLabel: member("owner").email, targetLabel: "Default" });
    expect((created.changes as { after: { version: number; greeting: string } }).after).toMatchObject({ version: 1, greeting: "Welcome to Acme." });
  });

  it("a second editor of the unsaved Default gets a CONFLICT, not a second Default", async () => {
    const admin = await as("admin");
    expect(await outcome(saveConfiguration(admin, { configurationId: null, baseVersion: 0 }, content()))).toBe("CONFLICT");
    expect(await db().agentConfiguration.count({ where: { name: "Default" } })).toBe(1);
  });
});

describe("config:manage, table over roles", () => {
  let id: string;
  let version = 0;
  beforeAll(async () => {
    const owner = await as("owner", "other");
    id = (await createConfiguration(owner, { name: "Roles fixture" })).id;
    version = 1;
  });
  const actions: [string, (ctx: WorkspaceContext) => Promise<unknown>][] = [
    ["list configurations", (ctx) => listConfigurations(ctx)],
    ["read a configuration", (ctx) => getConfiguration(ctx, id)],
    ["read the history", (ctx) => listVersions(ctx, id)],
    [
      "save a version",
      async (ctx) => {
        const saved = await saveConfiguration(ctx, { configurationId: id, baseVersion: version }, content({ greeting: `Hello from ${ctx.membership.role}.` }));
        version = saved.version;
      },
    ],
    [
      "restore version 1",
      async (ctx) => {
        version = (await restoreVersion(ctx, id, 1)).version;
      },
    ],
    ["create, rename and delete a configuration", async (ctx) => {
      const created = await createConfiguration(ctx, { name: `Temp ${ctx.membership.role}` });
      await renameConfiguration(ctx, created.id, `Renamed ${ctx.membership.role}`);
      await deleteConfiguration(ctx, created.id);
    }],
  ];
  for (const role of ROLES) {
    const allowed = ROLE_DEFAULTS[role as Role].includes("config:manage");
    for (const [name, run] of actions) {
      it(`${role}: ${name} → ${allowed ? "allowed" : "FORBIDDEN"}`, async () => {
        expect(await outcome(run(await as(role, "other")))).toBe(allowed ? "ok" : "FORBIDDEN");
      });
    }
  }

  it("developers hold config:manage by default (SPEC §2), agents do not", () => {
    expect(ROLE_DEFAULTS.developer).toContain("config:manage");
    expect(ROLE_DEFAULTS.agent).not.toContain("config:manage");
  });
});

describe("versions", () => {
  let id: string;
  beforeAll(async () => {
    id = (await createConfiguration(await as("owner"), { name: "Versioned" })).id;
  });

  it("every save is a new immutable version with author and time; unchanged saves write nothing", async () => {
    const owner = await as("owner");
    const developer = await as("developer");
    const v2 = await saveConfiguration(owner, { configurationId: id, baseVersion: 1 }, content({ greeting: "Hi there.", voice: "kofi" }));
    expect(v2).toMatchObject({ version: 2, changed: true });
    const same = await saveConfiguration(developer, { configurationId: id, baseVersion: 2 }, content({ greeting: "Hi there.", voice: "kofi" }));
    expect(same).toMatchObject({ version: 2, changed: false });
    const v3 = await saveConfiguration(developer, { configurationId: id, baseVersion: 2 }, content({
      greeting: "Hi there.",
      voice: "kofi",
      hours: { ...DEFAULT_CONTENT.hours, mon: { open: "08:00", close: "18:00" }, sat: { open: "10:00", close: "14:00" } },
      escalationNumber: "+44 20 7946 0123",
      embedDomains: ["Shop.Example.com", "*.example.org"],
    }));
    expect(v3.version).toBe(3);
    const rows = await db().agentConfigurationVersion.findMany({ where: { configurationId: id }, orderBy: { version: "asc" } });
    expect(rows.map((r) => [r.version, r.authorLabel])).toEqual([[1, member("owner").email], [2, member("owner").email], [3, member("developer").email]]);
    expect(nth(rows, 2, "version 3").content).toMatchObject({ escalationNumber: "+442079460123", embedDomains: ["*.example.org", "shop.example.com"] });
  });

  it("the history shows who, when and a per-field diff, newest first", async () => {
    const { entries, nextBefore } = await listVersions(await as("owner"), id);
    expect(nextBefore).toBeNull();
    expect(entries.map((e) => e.version)).toEqual([3, 2, 1]);
    const newest = nth(entries, 0, "history entry");
    const middle = nth(entries, 1, "history entry");
    expect(newest.authorLabel).toBe(member("developer").email);
    expect(newest.changes).toEqual([
      { field: "hours.mon", label: "Active hours: Monday", before: "09:00–17:00", after: "08:00–18:00" },
      { field: "hours.sat", label: "Active hours: Saturday", before: "Closed", after: "10:00–14:00" },
      { field: "escalationNumber", label: "Escalation number", before: "None", after: "+442079460123" },
      { field: "embedDomains", label: "Embed domains", before: "", after: "added *.example.org, shop.example.com" },
    ]);
    expect(middle.changes.map((c) => c.field)).toEqual(["greeting", "voice"]);
    expect(middle.changes[1]).toMatchObject({ before: "Aria", after: "Kofi" });
  });

  it("a save is audited with only the changed fields, before and after, and the IP", async () => {
    const row = last(await auditRows("agent_config.saved", id), "agent_config.saved audit row");
    expect(row.ip).toBe(client.ip);
    expect(row.actorLabel).toBe(member("developer").email);
    expect(row.changes).toEqual({
      before: { version: 2, hours: DEFAULT_CONTENT.hours, escalationNumber: null, embedDomains: [] },
      after: {
        version: 3,
        hours: { ...DEFAULT_CONTENT.hours, mon: { open: "08:00", close: "18:00" }, sat: { open: "10:00", close: "14:00" } },
        escalationNumber: "+442079460123",
        embedDomains: ["*.example.org", "shop.example.com"],
      },
    });
  });

  it("restoring an earlier version creates a new version with its content", async () => {
    const owner = await as("owner");
    const restored = await restoreVersion(owner, id, 1);
    expect(restored.version).toBe(4);
    const view = await getConfiguration(owner, id);
    expect(view.currentVersion).toBe(4);
    expect(view.content).toEqual(DEFAULT_CONTENT);
    const { entries } = await listVersions(owner, id);
    const restoredEntry = first(entries, "history entry");
    expect(restoredEntry).toMatchObject({ version: 4, restoredFrom: 1, authorLabel: member("owner").email });
    expect(restoredEntry.changes.map((c) => c.field)).toEqual(["greeting", "voice", "hours.mon", "hours.sat", "escalationNumber", "embedDomains"]);
    const row = last(await auditRows("agent_config.restored", id), "agent_config.restored audit row");
    expect(row.changes).toMatchObject({ before: { version: 3, voice: "kofi" }, after: { version: 4, restored_from: 1, voice: "aria" } });
    expect(row.ip).toBe(client.ip);
    // The current version cannot be "restored"; unknown versions are 404.
    expect(await outcome(restoreVersion(owner, id, 4))).toBe("CONFLICT");
    expect(await outcome(restoreVersion(owner, id, 99))).toBe("NOT_FOUND");
    expect(await db().agentConfigurationVersion.count({ where: { configurationId: id } })).toBe(4);
  });

  it("a save based on an old version is a CONFLICT (someone saved meanwhile)", async () => {
    expect(await outcome(saveConfiguration(await as("admin"), { configurationId: id, baseVersion: 2 }, content({ greeting: "Stale edit." })))).toBe("CONFLICT");
  });

  it("pages the history by version", async () => {
    const owner = await as("owner");
    const page = await listVersions(owner, id, { limit: 3 });
    expect(page.entries.map((e) => e.version)).toEqual([4, 3, 2]);
    expect(page.nextBefore).toBe(2);
    // The page's oldest entry is still compared with its predecessor.
    expect(nth(page.entries, 2, "history entry").changes.map((c) => c.field)).toEqual(["greeting", "voice"]);
    const second = await listVersions(owner, id, { limit: 3, before: 2 });
    expect(second.entries.map((e) => e.version)).toEqual([1]);
    expect(second.nextBefore).toBeNull();
  });

  it("row-level security: raw SQL in one workspace's scope sees none of another's configurations or versions", async () => {
    const owner = await as("owner");
    const scoped = await inWorkspace(owner.workspace.id, (tx) =>
      tx.$queryRaw<{ configs: bigint; versions: bigint }[]>`SELECT (SELECT count(*) FROM agent_configurations) AS configs, (SELECT count(*) FROM agent_configuration_versions) AS versions`,
    );
    const counts = first(scoped, "count row");
    expect(Number(counts.configs)).toBe(await db().agentConfiguration.count({ where: { workspaceId: owner.workspace.id } }));
    expect(Number(counts.versions)).toBe(await db().agentConfigurationVersion.count({ where: { workspaceId: owner.workspace.id } }));
    expect(await db().agentConfiguration.count()).toBeGreaterThan(Number(counts.configs));
    const theirs = await db().agentConfiguration.findFirstOrThrow({ where: { workspaceId: { not: owner.workspace.id } } });
    await expect(
      inWorkspace(owner.workspace.id, (tx) => tx.$executeRaw`INSERT INTO agent_configurations (id, workspace_id, name, current_version, updated_at) VALUES (gen_random_uuid(), ${theirs.workspaceId}::uuid, 'Planted', 1, now())`),
    ).rejects.toThrow();
  });

  it("version rows are immutable for the tenant role and for the owner connection", async () => {
    const owner = await as("owner");
    await expect(inWorkspace(owner.workspace.id, (tx) => tx.agentConfigurationVersion.updateMany({ where: { configurationId: id }, data: { authorLabel: "x" } }))).rejects.toThrow();
    await expect(inWorkspace(owner.workspace.id, (tx) => tx.agentConfigurationVersion.deleteMany({ where: { configurationId: id } }))).rejects.toThrow();
    await expect(db().agentConfigurationVersion.updateMany({ where: { configurationId: id }, data: { authorLabel: "x" } })).rejects.toThrow(/immutable/);
    expect(await db().agentConfigurationVersion.count({ where: { configurationId: id, authorLabel: "x" } })).toBe(0);
  });
});

describe("configurations and numbers", () => {
  it("a copy starts from the source's current version; rename and delete are audited", async () => {
    const owner = await as("owner");
    const source = await createConfiguration(owner, { name: "Source" });
    await saveConfiguration(owner, { configurationId: source.id, baseVersion: 1 }, content({ greeting: "Copied greeting." }));
    const copy = await createConfiguration(owner, { name: "Copy", copyFrom: source.id });
    expect((await getConfiguration(owner, copy.id)).content.greeting).toBe("Copied greeting.");
    await renameConfiguration(owner, copy.id, "Copy renamed");
    expect(first(await auditRows("agent_config.renamed", copy.id), "agent_config.renamed audit row").changes).toEqual({ before: { name: "Copy" }, after: { name: "Copy renamed" } });
    await deleteConfiguration(owner, copy.id);
    expect(await db().agentConfigurationVersion.count({ where: { configurationId: copy.id } })).toBe(0);
    const deleted = first(await auditRows("agent_config.deleted", copy.id), "agent_config.deleted audit row");
    expect(deleted.changes).toMatchObject({ before: { name: "Copy renamed", version: 1, greeting: "Copied greeting." } });
    expect(deleted.ip).toBe(client.ip);
  });

  it("a configuration with numbers cannot be deleted until they are reassigned", async () => {
    const owner = await as("owner");
    const config = await createConfiguration(owner, { name: "Busy line" });
    const number = await addNumber(owner, { number: "+442079460700", mode: "live", configurationId: config.id });
    expect((await getConfiguration(owner, config.id)).numbers.map((n) => n.number)).toEqual(["+442079460700"]);
    expect((await listConfigurations(owner)).find((c) => c.id === config.id)?.numbers).toBe(1);
    const result = await refusal(deleteConfiguration(owner, config.id));
    expect(result.code).toBe("CONFLICT");
    expect(result.message).toMatch(/1 phone number is assigned/);
    await updateNumber(owner, number.id, { configurationId: null });
    expect(await outcome(deleteConfiguration(owner, config.id))).toBe("ok");
  });

  it("another workspace's configuration is NOT_FOUND for every operation", async () => {
    const theirs = await createConfiguration(await as("owner", "other"), { name: "Private" });
    const owner = await as("owner");
    for (const run of [
      () => getConfiguration(owner, theirs.id),
      () => listVersions(owner, theirs.id),
      () => saveConfiguration(owner, { configurationId: theirs.id, baseVersion: 1 }, content()),
      () => restoreVersion(owner, theirs.id, 1),
      () => renameConfiguration(owner, theirs.id, "Mine"),
      () => deleteConfiguration(owner, theirs.id),
      () => createConfiguration(owner, { name: "Stolen", copyFrom: theirs.id }),
    ]) {
      expect(await outcome(run())).toBe("NOT_FOUND");
    }
    expect((await listConfigurations(owner)).some((c) => c.id === theirs.id)).toBe(false);
  });
});

describe("workspace deletion (decision 017)", () => {
  it("cascades through numbers assigned to configurations and their versions", async () => {
    const workspace = await db().workspace.create({ data: { slug: "doomed", name: "Doomed" } });
    const configuration = await db().agentConfiguration.create({ data: { workspaceId: workspace.id, name: "Default", currentVersion: 1 } });
    await db().agentConfigurationVersion.create({ data: { workspaceId: workspace.id, configurationId: configuration.id, version: 1, content: {}, authorLabel: "seed" } });
    await db().phoneNumber.create({ data: { workspaceId: workspace.id, number: "+442079460900", mode: "live", agentConfigurationId: configuration.id } });
    await db().$executeRaw`DELETE FROM workspaces WHERE id = ${workspace.id}::uuid`;
    expect(await db().agentConfigurationVersion.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db().phoneNumber.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("the demo seed", () => {
  it("gives the workspace a Default configuration answering its numbers, and a ledger; idempotently", async () => {
    const owner = await as("owner", "other");
    const workspaceId = owner.workspace.id;
    await db().agentConfiguration.deleteMany({ where: { workspaceId } });
    await db().phoneNumber.createMany({ data: [{ workspaceId, number: "+2348035550101", mode: "live" }, { workspaceId, number: "+14155550142", mode: "test" }] });
    await seedDemoAgentAndBilling(workspaceId, member("owner"));
    await seedDemoAgentAndBilling(workspaceId, member("owner"));
    const configurations = await listConfigurations(owner);
    expect(configurations.map((c) => [c.name, c.currentVersion])).toEqual([["Default", 1]]);
    const view = await getConfiguration(owner);
    expect(view.numbers).toHaveLength(2);
    // What the seed wrote passes today's validation (a restore re-validates it).
    expect(() => parseContent(view.content)).not.toThrow();
    expect(await db().ledgerEntry.count({ where: { workspaceId } })).toBe(3);
  });
});
