import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/authz/principal";
import { callVolume } from "@/lib/calls/volume";
import { db } from "@/lib/db/client";
import { inWorkspace, type TenantTx } from "@/lib/db/scoped";
import { widgetSessionCounts } from "@/lib/widget-embed/analytics";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { createUser } from "../support/users";

/**
 * Analytics without bots (SPEC §14): the widget card's counts and the overview's call chart
 * count visitors' sessions and web calls; bot-flagged sessions are counted apart, and their
 * calls nowhere. Rows are written directly; the functions read them through RLS.
 */
const NOW = new Date("2026-12-04T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

let database: TestDatabase;
let workspaceId: string;
let otherId: string;
let widgetId: string;

const scoped = (id: string) => ({ workspace: { id }, data: <T,>(fn: (tx: TenantTx) => Promise<T>) => inWorkspace(id, fn) });
const principal = (id: string, allowed = true) =>
  ({
    ...scoped(id),
    require: async () => {
      if (!allowed) throw new Error("denied");
    },
  }) as unknown as Principal;

async function widgetOf(workspace: string): Promise<string> {
  const configuration = await db().agentConfiguration.create({ data: { workspaceId: workspace, name: "Front desk", currentVersion: 1 } });
  // A trigger gives every configuration its widget.
  return (await db().widget.findFirstOrThrow({ where: { agentConfigurationId: configuration.id } })).id;
}

async function session(workspace: string, widget: string, startedAt: Date, options: { bot?: boolean; call?: boolean; mode?: "live" | "test" } = {}) {
  let callId: string | null = null;
  if (options.call) {
    callId = randomUUID();
    await db().call.create({
      data: {
        id: callId,
        workspaceId: workspace,
        mode: options.mode ?? "live",
        channel: "web",
        status: "completed",
        direction: "inbound",
        callerToken: `tok_${randomUUID()}`,
        callerDisplay: "203.0.113.0",
        toNumber: "web",
        startedAt,
        durationSeconds: 60,
      },
    });
  }
  await db().widgetSession.create({
    data: { workspaceId: workspace, widgetId: widget, mode: options.mode ?? "live", startedAt, lastMessageAt: startedAt, botFlagged: options.bot ?? false, callId, endedAt: callId ? startedAt : null },
  });
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("wa@example.com", { workspaceSlug: "widget-analytics" });
  await createUser("wb@example.com", { workspaceSlug: "widget-analytics-b" });
  workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: "widget-analytics" } })).id;
  otherId = (await db().workspace.findUniqueOrThrow({ where: { slug: "widget-analytics-b" } })).id;
  widgetId = await widgetOf(workspaceId);
  const otherWidget = await widgetOf(otherId);
  // Within 7 days: two visitors (one ended as a call) and one flagged bot whose chat also ended as a call.
  await session(workspaceId, widgetId, daysAgo(1), { call: true });
  await session(workspaceId, widgetId, daysAgo(2));
  await session(workspaceId, widgetId, daysAgo(1), { bot: true, call: true });
  // 8–30 days ago: one visitor, two bots; older than 30 days: counted nowhere.
  await session(workspaceId, widgetId, daysAgo(10));
  await session(workspaceId, widgetId, daysAgo(12), { bot: true });
  await session(workspaceId, widgetId, daysAgo(20), { bot: true });
  await session(workspaceId, widgetId, daysAgo(40));
  // Test mode, and another workspace's widget.
  await session(workspaceId, widgetId, daysAgo(1), { mode: "test" });
  await session(otherId, otherWidget, daysAgo(1));
  await session(otherId, otherWidget, daysAgo(1), { bot: true });
});
afterAll(async () => database?.close());

describe("widget analytics without bots", () => {
  it("counts visitors and flagged bots apart, over 7 and 30 days, in the widget's mode and workspace only", async () => {
    expect(await widgetSessionCounts(principal(workspaceId), widgetId, "live", NOW)).toEqual([
      { days: 7, human: 2, bots: 1 },
      { days: 30, human: 3, bots: 3 },
    ]);
    expect(await widgetSessionCounts(principal(workspaceId), widgetId, "test", NOW)).toEqual([
      { days: 7, human: 1, bots: 0 },
      { days: 30, human: 1, bots: 0 },
    ]);
  });

  it("another workspace's widget id shows nothing (RLS), and the permission is asked first", async () => {
    expect(await widgetSessionCounts(principal(otherId), widgetId, "live", NOW)).toEqual([
      { days: 7, human: 0, bots: 0 },
      { days: 30, human: 0, bots: 0 },
    ]);
    await expect(widgetSessionCounts(principal(workspaceId, false), widgetId, "live", NOW)).rejects.toThrow("denied");
  });

  it("the overview's call chart counts the visitor's web call and not the flagged bot's", async () => {
    const volume = await callVolume(scoped(workspaceId), { mode: "live", now: NOW, days: 7 });
    expect(volume.totals.completed).toBe(1);
    expect(volume.totals.total).toBe(1);
  });
});
