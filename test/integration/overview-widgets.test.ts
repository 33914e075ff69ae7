import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { overviewWidgets, volumeRange } from "@/lib/overview/widgets";
import { insertKey } from "../support/api";
import { withTwoWorkspaces } from "../support/members";

const { as } = withTwoWorkspaces();
const DAY = 86_400_000;

/** Issue 18 item 4: the overview's cards, each only for the roles that act on it, from the workspace's own rows. */
describe("the overview's cards per role", () => {
  it("gives each role only what it may act on", async () => {
    const shape = async (role: string) => {
      const w = await overviewWidgets(await as(role));
      return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v !== null]));
    };
    expect(await shape("owner")).toEqual({ balance: true, webhooks: true, keys: true, security: true, recentCalls: true });
    expect(await shape("billing")).toMatchObject({ balance: true, webhooks: false, keys: false });
    expect(await shape("developer")).toMatchObject({ balance: false, webhooks: true, keys: true });
    expect(await shape("agent")).toMatchObject({ balance: false, webhooks: false, keys: false, security: false, recentCalls: true });
  });

  it("counts keys never used or unused for 90 days, failing endpoints and the day's security events — its own workspace's only", async () => {
    const owner = await as("owner");
    const now = new Date();
    const old = new Date(now.getTime() - 100 * DAY);
    const never = await insertKey(owner.workspace.id, { scopes: [] });
    await db().apiKey.update({ where: { id: never.id }, data: { createdAt: old } });
    const stale = await insertKey(owner.workspace.id, { scopes: [] });
    await db().apiKey.update({ where: { id: stale.id }, data: { createdAt: old, lastUsedAt: old } });
    const fresh = await insertKey(owner.workspace.id, { scopes: [] });
    await db().apiKey.update({ where: { id: fresh.id }, data: { lastUsedAt: now } });
    await insertKey(owner.workspace.id, { scopes: [], revokedAt: now });
    await db().securityEvent.createMany({
      data: [
        { workspaceId: owner.workspace.id, type: "account_locked", count: 2, occurredAt: now },
        { workspaceId: owner.workspace.id, type: "rate_limited", count: 5, occurredAt: now },
        { workspaceId: owner.workspace.id, type: "rate_limited", occurredAt: new Date(now.getTime() - 2 * DAY) },
      ],
    });
    const w = await overviewWidgets(owner, now);
    expect(w.keys).toEqual({ active: 3, neverUsed: 1, unused: 1 });
    expect(w.security).toEqual({ events24h: 7, lockouts24h: 2 });
    const other = await overviewWidgets(await as("owner", "other"), now);
    expect(other.keys).toEqual({ active: 0, neverUsed: 0, unused: 0 });
    expect(other.security).toEqual({ events24h: 0, lockouts24h: 0 });
  });

  it("reads the chart's range from the URL, 30 days unless 7 or 90 is asked for", () => {
    expect([volumeRange("7"), volumeRange("90"), volumeRange(undefined), volumeRange("365"), volumeRange(["7", "90"])]).toEqual([7, 90, 30, 30, 7]);
  });
});
