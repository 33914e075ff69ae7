import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StepUpRequired } from "@/lib/auth/errors";
import { createSession, resolveSession } from "@/lib/auth/sessions";
import { confirmPassword, requireRecentAuth } from "@/lib/auth/step-up";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser, GOOD_PASSWORD } from "../support/users";

let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

describe("step-up (sudo) mode", () => {
  it("is required, granted by the password, and expires after 10 minutes", async () => {
    const user = await createUser("tess@example.com", { workspaceSlug: "acme" });
    const session = (await resolveSession((await createSession(user.id, client)).token))!;
    const t0 = new Date();
    await expect(requireRecentAuth(session, undefined, t0)).rejects.toBeInstanceOf(StepUpRequired);
    expect(await confirmPassword(session, "not my password!!", client, t0)).toBeNull();
    const proof = await confirmPassword(session, GOOD_PASSWORD, client, t0);
    expect(proof).toBeTruthy();
    await expect(requireRecentAuth(session, proof!, new Date(t0.getTime() + 9 * 60_000))).resolves.toBeUndefined();
    await expect(requireRecentAuth(session, proof!, new Date(t0.getTime() + 10 * 60_000 + 1000))).rejects.toBeInstanceOf(StepUpRequired);
  });

  it("a proof is bound to its session and cannot be forged", async () => {
    const user = await createUser("uma@example.com");
    const a = (await resolveSession((await createSession(user.id, client)).token))!;
    const b = (await resolveSession((await createSession(user.id, client)).token))!;
    const proof = (await confirmPassword(a, GOOD_PASSWORD, client))!;
    await expect(requireRecentAuth(b, proof)).rejects.toBeInstanceOf(StepUpRequired);
    await expect(requireRecentAuth(a, proof.slice(0, -4) + "AAAA")).rejects.toBeInstanceOf(StepUpRequired);
  });
});
