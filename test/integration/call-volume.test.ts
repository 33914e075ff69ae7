import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callVolume } from "@/lib/calls/volume";
import { db } from "@/lib/db/client";
import type { CallStatus } from "@/lib/calls/kinds";
import type { KeyMode } from "@/lib/db/generated/client";
import { inWorkspace, type TenantTx } from "@/lib/db/scoped";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first, last } from "../support/items";
import { createUser } from "../support/users";

const NOW = new Date("2026-11-22T15:00:00Z");

let database: TestDatabase;
let a: string;
let b: string;

/** The part of a WorkspaceContext callVolume needs, scoped by RLS like the real one. */
const scoped = (id: string) => ({ workspace: { id }, data: <T,>(fn: (tx: TenantTx) => Promise<T>) => inWorkspace(id, fn) });

function call(workspaceId: string, startedAt: string, status: CallStatus, mode: KeyMode = "live") {
  return {
    workspaceId,
    mode,
    status,
    direction: "inbound" as const,
    callerToken: `tok_${Math.random().toString(36).slice(2)}`,
    callerDisplay: "+234 803 ••• 0789",
    toNumber: "+14155550100",
    startedAt: new Date(startedAt),
    durationSeconds: status === "completed" ? 93 : 0,
  };
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  await createUser("a@example.com", { workspaceSlug: "vol-a" });
  await createUser("b@example.com", { workspaceSlug: "vol-b" });
  a = (await db().workspace.findUniqueOrThrow({ where: { slug: "vol-a" } })).id;
  b = (await db().workspace.findUniqueOrThrow({ where: { slug: "vol-b" } })).id;
  await db().call.createMany({
    data: [
      // Today (2026-11-22), from its first millisecond.
      call(a, "2026-11-22T00:00:00.000Z", "completed"),
      call(a, "2026-11-22T14:59:00.000Z", "failed"),
      // Two days ago: every status.
      call(a, "2026-11-20T08:00:00Z", "completed"),
      call(a, "2026-11-20T09:00:00Z", "completed"),
      call(a, "2026-11-20T10:00:00Z", "completed"),
      call(a, "2026-11-20T11:00:00Z", "failed"),
      call(a, "2026-11-20T12:00:00Z", "no_answer"),
      call(a, "2026-11-20T13:00:00Z", "no_answer"),
      call(a, "2026-11-20T23:59:59.999Z", "busy"),
      // Late on the 21st in UTC, already the 22nd in Lagos (UTC+1).
      call(a, "2026-11-21T23:30:00Z", "completed"),
      // The window's first day (30 days including today) and the instant before it.
      call(a, "2026-10-24T00:00:00Z", "busy"),
      call(a, "2026-10-23T23:59:59.999Z", "completed"),
      // Test mode, and another workspace, on a day that has live calls.
      call(a, "2026-11-20T10:00:00Z", "completed", "test"),
      call(a, "2026-11-20T10:00:00Z", "failed", "test"),
      call(b, "2026-11-20T10:00:00Z", "completed"),
      call(b, "2026-11-22T10:00:00Z", "busy"),
    ],
  });
});
afterAll(async () => database.close());

const day = (v: Awaited<ReturnType<typeof callVolume>>, date: string) => v.days.find((d) => d.date === date);

describe("call volume", () => {
  it("has one zero-filled entry for every day of the window, oldest first", async () => {
    const v = await callVolume(scoped(a), { mode: "live", now: NOW });
    expect(v.days).toHaveLength(30);
    expect(first(v.days, "day").date).toBe("2026-10-24");
    expect(last(v.days, "day").date).toBe("2026-11-22");
    expect(new Set(v.days.map((d) => d.date)).size).toBe(30);
    expect(day(v, "2026-11-01")).toEqual({ date: "2026-11-01", completed: 0, failed: 0, no_answer: 0, busy: 0, total: 0 });
    const empty = v.days.filter((d) => !["2026-10-24", "2026-11-20", "2026-11-21", "2026-11-22"].includes(d.date));
    expect(empty.every((d) => d.total === 0)).toBe(true);
  });

  it("counts each status on the UTC day the call started", async () => {
    const v = await callVolume(scoped(a), { mode: "live", now: NOW });
    expect(day(v, "2026-11-20")).toEqual({ date: "2026-11-20", completed: 3, failed: 1, no_answer: 2, busy: 1, total: 7 });
    expect(day(v, "2026-11-21")).toEqual({ date: "2026-11-21", completed: 1, failed: 0, no_answer: 0, busy: 0, total: 1 });
    expect(day(v, "2026-11-22")).toEqual({ date: "2026-11-22", completed: 1, failed: 1, no_answer: 0, busy: 0, total: 2 });
    expect(v.totals).toEqual({ completed: 5, failed: 2, no_answer: 2, busy: 2, total: 11 });
    expect(v.max).toBe(7);
  });

  it("includes the window's first midnight and excludes anything older", async () => {
    const v = await callVolume(scoped(a), { mode: "live", now: NOW });
    expect(day(v, "2026-10-24")).toMatchObject({ busy: 1, total: 1 });
    expect(day(v, "2026-10-23")).toBeUndefined();
    expect(v.days.reduce((n, d) => n + d.completed, 0)).toBe(5);
  });

  it("keeps test-mode calls out of live and counts them in test", async () => {
    const test = await callVolume(scoped(a), { mode: "test", now: NOW });
    expect(test.totals).toEqual({ completed: 1, failed: 1, no_answer: 0, busy: 0, total: 2 });
    expect(day(test, "2026-11-20")).toMatchObject({ completed: 1, failed: 1, total: 2 });
  });

  it("never counts another workspace's calls", async () => {
    const other = await callVolume(scoped(b), { mode: "live", now: NOW });
    expect(other.totals).toEqual({ completed: 1, failed: 0, no_answer: 0, busy: 1, total: 2 });
    // Asking for workspace b inside workspace a's scope: RLS hides b's rows entirely.
    const smuggled = await callVolume({ workspace: { id: b }, data: scoped(a).data }, { mode: "live", now: NOW });
    expect(smuggled.totals.total).toBe(0);
  });

  it("honours a shorter window and another time zone", async () => {
    const week = await callVolume(scoped(a), { mode: "live", now: NOW, days: 7 });
    expect(week.days.map((d) => d.date)).toEqual(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]);
    expect(week.totals.total).toBe(10);
    const lagos = await callVolume(scoped(a), { mode: "live", now: NOW, days: 3, timeZone: "Africa/Lagos" });
    expect(lagos.days.map((d) => d.date)).toEqual(["2026-11-20", "2026-11-21", "2026-11-22"]);
    // 2026-11-20T23:59:59.999Z is the 21st in Lagos; 2026-11-21T23:30Z is the 22nd.
    expect(lagos.days.map((d) => d.total)).toEqual([6, 1, 3]);
  });

  it("refuses a window that is not a whole number of days from 1 to 366", async () => {
    await expect(callVolume(scoped(a), { mode: "live", days: 0 })).rejects.toThrow(RangeError);
    await expect(callVolume(scoped(a), { mode: "live", days: 1.5 })).rejects.toThrow(RangeError);
    await expect(callVolume(scoped(a), { mode: "live", days: 400 })).rejects.toThrow(RangeError);
  });
});
