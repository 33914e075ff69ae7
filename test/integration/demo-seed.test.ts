import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRecording } from "@/lib/calls/recordings";
import { db } from "@/lib/db/client";
import type { AuthError } from "@/lib/auth/errors";
import { authenticate } from "@/lib/auth/sign-in";
import { currentCode } from "@/lib/crypto/totp";
import { seedDemo } from "@/lib/seed/demo";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client } from "../support/users";

const SECURE_SECRET = "KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv({ DEMO_PASSWORD: "demo-password-for-tests", DEMO_TOTP_SECRET: SECURE_SECRET });
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe("the demo seed (SPEC §13)", () => {
  it("creates the demo workspace with users, keys, numbers and a few hundred calls, once", async () => {
    expect((await seedDemo()).created).toBe(true);
    const workspace = await db().workspace.findUniqueOrThrow({ where: { slug: "demo" } });
    // One user per role, and secure@demo.test (admin, with an authenticator app).
    expect(await db().membership.count({ where: { workspaceId: workspace.id } })).toBe(7);
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
    expect(await db().user.count({ where: { email: "secure@demo.test" } })).toBe(1);
    expect(await db().call.count({ where: { workspaceId: workspace.id } })).toBe(live + test);
  });

  it("seeds secure@demo.test with TOTP from DEMO_TOTP_SECRET: the password alone is not enough (SPEC §1, §13)", async () => {
    const error = await authenticate("secure@demo.test", "demo-password-for-tests", client).catch((e: unknown) => e);
    expect((error as AuthError).code).toBe("mfa_required");
    const signedIn = await authenticate("secure@demo.test", "demo-password-for-tests", client, new Date(), currentCode(SECURE_SECRET));
    expect(signedIn.user.email).toBe("secure@demo.test");
    const membership = await db().membership.findFirstOrThrow({ where: { userId: signedIn.user.id } });
    expect(membership.role).toBe("admin");
  });
});
