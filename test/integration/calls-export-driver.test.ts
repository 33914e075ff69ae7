import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callsCsv } from "@/lib/calls/export";
import { recordCall } from "@/lib/calls/create";
import type { Principal } from "@/lib/authz/principal";
import { database as appDatabase } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { inWorkspace } from "@/lib/db/scoped";
import { cursorCsv } from "@/lib/export/cursor-csv";
import { pgCursor } from "@/lib/export/pg-cursor";
import { setCallerMasking } from "@/lib/workspaces/masking";
import { callsWorkspace } from "../support/calls";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { nth } from "../support/items";

// On PostgreSQL the call export reads through node-postgres (lib/export/pg-cursor.ts) instead
// of Prisma, for memory. These guard what that path must keep: the same bytes, and the same
// tenant scope. PGlite has no pool, so there is nothing to compare there.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let database: TestDatabase;
let ws: Awaited<ReturnType<typeof callsWorkspace>>;
let other: Awaited<ReturnType<typeof callsWorkspace>>;
const base = Date.parse("2026-10-01T00:00:00Z");

beforeAll(async () => {
  if (!onPostgres) return;
  await useTestEnv();
  database = await createTestDatabase();
  ws = await callsWorkspace("driver-a");
  other = await callsWorkspace("driver-b");
  await setCallerMasking(await ws.member(ws.owner), false);
  const write = <T,>(fn: Parameters<typeof inWorkspace<T>>[1]) => inWorkspace(ws.workspace.id, fn);
  // 1,234 calls: more than two batches, sealed numbers, ended and unended, every status.
  for (let i = 0; i < 1_234; i++) {
    const status = nth(["completed", "failed", "no_answer", "busy"] as const, i % 4, "status");
    await recordCall(
      { id: ws.workspace.id, callerMasking: i % 3 === 0 },
      "live",
      {
        direction: i % 5 ? "inbound" : "outbound",
        status,
        caller: `+2348035${String(i).padStart(6, "0")}`,
        toNumber: "+14155550100",
        startedAt: new Date(base + Math.floor(i / 3) * 61_001),
        durationSeconds: status === "completed" ? i % 600 : 0,
        transcript: null,
        recording: null,
        simulated: false,
      },
      write,
    );
  }
  await recordCall({ id: other.workspace.id, callerMasking: true }, "live", { direction: "inbound", status: "completed", caller: "+2348035550998", toNumber: "+14155550100", startedAt: new Date(base), durationSeconds: 5, transcript: null, recording: null, simulated: false }, (fn) => inWorkspace(other.workspace.id, fn));
}, 120_000);
afterAll(async () => database?.close());

/** The export as the Prisma path writes it (what PGlite always uses). */
async function viaPrisma(fn: () => Promise<ReadableStream<Uint8Array>>): Promise<string> {
  const db = appDatabase();
  const pool = db.pool;
  db.pool = undefined;
  try {
    return await new Response(await fn()).text();
  } finally {
    db.pool = pool;
  }
}

describe.skipIf(!onPostgres)("the call export through node-postgres (PostgreSQL only)", () => {
  it.each([
    ["full numbers (owner, masking off)", "owner"],
    ["display forms only (agent)", "agent"],
  ] as const)("writes the same bytes as the Prisma path: %s", async (_label, who) => {
    const viewer: Principal = (await ws.member(ws[who])).inMode("live");
    for (const filters of [{}, { status: "completed" as const, from: new Date(base + 3_600_000).toISOString() }]) {
      const driver = await new Response(await callsCsv(viewer, filters)).text();
      expect(driver).toBe(await viaPrisma(() => callsCsv(viewer, filters)));
      expect(driver.split("\n").length).toBeGreaterThan(filters.status ? 100 : 1_235);
    }
    const text = await new Response(await callsCsv(viewer, {})).text();
    expect(text.includes("+2348035000001")).toBe(who === "owner"); // sealed, shown only in full
  });

  it("runs as the tenant role with the workspace set, and RLS hides other workspaces even unfiltered", async () => {
    const seen: { who: string; ws: string; n: number }[] = [];
    await pgCursor<{ who: string; ws: string; n: number }>(
      appDatabase().pool!,
      {
        workspaceId: ws.workspace.id,
        cursorName: "scope_probe",
        batch: 10,
        select: Prisma.sql`SELECT current_user::text AS who, current_setting('app.workspace_id') AS ws,
          (SELECT count(*) FROM calls WHERE workspace_id <> ${ws.workspace.id}::uuid)::int AS n`,
      },
      async (fetch) => void (await fetch((row) => seen.push(row))),
    );
    expect(seen).toEqual([{ who: "switchboard_tenant", ws: ws.workspace.id, n: 0 }]);
    // Nothing of the scope is left on the pooled connection.
    const client = await appDatabase().pool!.connect();
    try {
      const { rows } = await client.query("SELECT current_user::text AS who, current_setting('app.workspace_id', true) AS ws");
      expect(rows[0].who).not.toBe("switchboard_tenant");
      expect(rows[0].ws ?? "").toBe("");
    } finally {
      client.release();
    }
  });

  it("a reader that goes away ends the transaction and returns its connection", async () => {
    const pool = appDatabase().pool!;
    const reader = (await callsCsv((await ws.member(ws.owner)).inMode("live"), {})).getReader();
    await reader.read();
    await reader.cancel();
    await expect.poll(() => pool.totalCount - pool.idleCount, { timeout: 5_000 }).toBe(0);
  });

  it("a line that fails errors the download, never a short file, and the connection is dropped", async () => {
    const pool = appDatabase().pool!;
    const stream = cursorCsv<{ id: string }>({
      workspaceId: ws.workspace.id,
      cursorName: "failing_export",
      label: "failing export",
      header: ["id"],
      select: Prisma.sql`SELECT id::text FROM calls ORDER BY id`,
      batch: 100,
      records: (rows) => rows.map((r) => [r.id]),
      line: () => {
        throw new Error("boom");
      },
    });
    await expect(new Response(stream).text()).rejects.toThrow("export failed");
    await expect.poll(() => pool.totalCount - pool.idleCount, { timeout: 5_000 }).toBe(0);
  });
});
