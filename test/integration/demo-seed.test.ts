import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRecording } from "@/lib/calls/recordings";
import { db } from "@/lib/db/client";
import { seedDemo } from "@/lib/seed/demo";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv({ DEMO_PASSWORD: "demo-password-for-tests" });
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe("the demo seed (SPEC §13)", () => {
  it("creates the demo workspace with users, keys, numbers and a few hundred calls, once", async () => {
    expect((await seedDemo()).created).toBe(true);
    const workspace = await db().workspace.findUniqueOrThrow({ where: { slug: "demo" } });
    expect(await db().membership.count({ where: { workspaceId: workspace.id } })).toBe(6);
    expect(await db().phoneNumber.count({ where: { workspaceId: workspace.id } })).toBeGreaterThan(0);
    const live = await db().call.count({ where: { workspaceId: workspace.id, mode: "live" } });
    const test = await db().call.count({ where: { workspaceId: workspace.id, mode: "test" } });
    expect(live).toBeGreaterThanOrEqual(200);
    expect(test).toBeGreaterThan(0);
    // Masking is on: no row carries a full number.
    expect(await db().call.count({ where: { workspaceId: workspace.id, callerNumberEnc: { not: null } } })).toBe(0);
    const recorded = await db().call.findFirstOrThrow({ where: { workspaceId: workspace.id, recordingKey: { not: null } } });
    const wav = await readRecording(workspace.id, recorded.id, recorded.recordingKey!);
    expect(wav.subarray(0, 4).toString("latin1")).toBe("RIFF");
    expect(await db().call.count({ where: { workspaceId: workspace.id, transcriptEnc: { not: null } } })).toBeGreaterThan(100);

    expect((await seedDemo()).created).toBe(false);
    expect(await db().call.count({ where: { workspaceId: workspace.id } })).toBe(live + test);
  });
});
