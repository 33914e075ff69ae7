import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DAY_MS } from "@/lib/retention/policy";
import { pruneSecurityEvents } from "@/lib/retention/security-events-prune";
import { deleteDueWorkspaces } from "@/lib/workspaces/deletion";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

/**
 * Issue 17 item 2 (decision 034): security_events refuses UPDATE, DELETE and TRUNCATE from the
 * application's own role, and lets rows go only through retention (older than the
 * workspace's period by the database's clock) and erasure (a cancelled workspace past its
 * deletion date).
 */

let database: TestDatabase;
let workspaceId: string;
const ago = (days: number) => new Date(Date.now() - days * DAY_MS);

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  workspaceId = (await db().workspace.create({ data: { slug: "append-only", name: "A", retentionSecurityEventsDays: 30 } })).id;
});
afterAll(async () => database.close());

async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
    return "allowed";
  } catch (error) {
    return String((error as Error).message);
  }
}

describe("security_events is append-only", () => {
  it("UPDATE, DELETE and TRUNCATE are refused by the database", async () => {
    const row = await db().securityEvent.create({ data: { workspaceId, type: "sign_in_failed", ip: "198.51.100.1", occurredAt: ago(400) } });
    expect(await refusal(db().$executeRaw`UPDATE security_events SET ip = '203.0.113.9' WHERE id = ${row.id}`)).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(db().securityEvent.update({ where: { id: row.id }, data: { count: 99 } }))).toMatch(/append-only/);
    expect(await refusal(db().$executeRaw`DELETE FROM security_events WHERE id = ${row.id}`)).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(db().securityEvent.deleteMany({ where: { workspaceId } }))).toMatch(/append-only/);
    expect(await refusal(db().$executeRawUnsafe("TRUNCATE security_events"))).toMatch(/append-only \(TRUNCATE refused\)/);
    expect(await db().securityEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ ip: "198.51.100.1", count: 1 });
  });

  it("the retention flag alone does not open it: a row younger than the workspace's period stays", async () => {
    const young = await db().securityEvent.create({ data: { workspaceId, type: "rate_limited", occurredAt: ago(10) } });
    const attempt = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.security_retention', 'on', true)`;
      await tx.$executeRaw`DELETE FROM security_events WHERE id = ${young.id}`;
    });
    expect(await refusal(attempt)).toMatch(/append-only \(DELETE refused\)/);
    // The retention path, asked to remove everything "before tomorrow", removes only what is past 30 days.
    const removed = await pruneSecurityEvents(workspaceId, new Date(Date.now() + DAY_MS), 30, 100);
    expect(removed).toBe(1);
    expect(await db().securityEvent.findMany({ where: { workspaceId }, select: { id: true } })).toEqual([{ id: young.id }]);
  });

  it("the erasure path removes a workspace's events only once it is cancelled and due", async () => {
    const now = new Date();
    const doomed = await db().workspace.create({ data: { slug: "doomed", name: "D" } });
    await db().securityEvent.create({ data: { workspaceId: doomed.id, type: "sign_in_failed", occurredAt: now } });
    const early = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('switchboard.workspace_erasure', ${doomed.id}, true)`;
      await tx.$executeRaw`DELETE FROM security_events WHERE workspace_id = ${doomed.id}::uuid`;
    });
    expect(await refusal(early)).toMatch(/append-only \(DELETE refused\)/);
    await db().$executeRaw`UPDATE workspaces SET cancelled_at = ${new Date(now.getTime() - 2 * DAY_MS)}, deletion_due_at = ${new Date(now.getTime() - DAY_MS)} WHERE id = ${doomed.id}::uuid`;
    const report = await deleteDueWorkspaces({ now });
    expect(report.deleted.find((d) => d.workspaceId === doomed.id)?.counts.securityEvents).toBe(1);
    expect(await db().securityEvent.count({ where: { workspaceId: doomed.id } })).toBe(0);
  });
});
