import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerToken, maskedDisplay, toE164 } from "@/lib/calls/masking";
import { decryptText, DecryptionError, encryptField } from "@/lib/crypto/envelope";
import { rotateDataKey } from "@/lib/crypto/workspace-keys";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";

let database: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  a = (await db().workspace.create({ data: { slug: "enc-a", name: "A" } })).id;
  b = (await db().workspace.create({ data: { slug: "enc-b", name: "B" } })).id;
});
afterAll(async () => database.close());

describe("envelope encryption", () => {
  it("round-trips, and binds each ciphertext to its workspace, column and row", async () => {
    const row = randomUUID();
    const sealed = await encryptField({ workspaceId: a, column: "transcript", rowId: row }, "Hello, this is a transcript.");
    expect(sealed).not.toContain("transcript");
    expect(await decryptText({ workspaceId: a, column: "transcript", rowId: row }, sealed)).toBe("Hello, this is a transcript.");
    for (const moved of [
      { workspaceId: b, column: "transcript", rowId: row },
      { workspaceId: a, column: "caller_number", rowId: row },
      { workspaceId: a, column: "transcript", rowId: randomUUID() },
    ]) {
      await expect(decryptText(moved, sealed)).rejects.toBeInstanceOf(DecryptionError);
    }
    // A character in the middle of the ciphertext (the last ones may be padding bits).
    const mid = sealed.length - 20;
    const tampered = sealed.slice(0, mid) + (sealed[mid] === "A" ? "B" : "A") + sealed.slice(mid + 1);
    await expect(decryptText({ workspaceId: a, column: "transcript", rowId: row }, tampered)).rejects.toBeInstanceOf(DecryptionError);
  });

  it("rotation: new writes use the new key version, old ciphertexts stay readable", async () => {
    const binding = { workspaceId: a, column: "transcript", rowId: randomUUID() };
    const before = await encryptField(binding, "old secret");
    const version = await rotateDataKey(a);
    const after = await encryptField(binding, "new secret");
    expect(before.split(".")[1]).not.toBe(after.split(".")[1]);
    expect(after.split(".")[1]).toBe(String(version));
    expect(await decryptText(binding, before)).toBe("old secret");
    expect(await decryptText(binding, after)).toBe("new secret");
  });

  it("data keys are stored only wrapped", async () => {
    const keys = await db().dataKey.findMany({ where: { workspaceId: a } });
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(Buffer.from(k.wrappedKey, "base64").length).toBe(12 + 16 + 32);
  });
});

describe("caller masking", () => {
  it("normalises to E.164 and shows only the country code and last three digits", () => {
    expect(toE164("+234 803 555 0789")).toBe("+2348035550789");
    expect(toE164("0803 555 0789", "NG")).toBe("+2348035550789");
    expect(toE164("12345")).toBeNull();
    expect(maskedDisplay("+2348035550789")).toBe("+234 *** *** 789");
    expect(maskedDisplay("+14155550142")).toBe("+1 *** *** 142");
  });

  it("tokens are equal for one number in one workspace and unrelated across workspaces", async () => {
    const t1 = await callerToken(a, "+2348035550789");
    expect(await callerToken(a, "+2348035550789")).toBe(t1);
    expect(await callerToken(a, "+2348035550780")).not.toBe(t1);
    expect(await callerToken(b, "+2348035550789")).not.toBe(t1);
    expect(t1).not.toMatch(/\d{7}/);
  });

  it("rotating the data key leaves search tokens unchanged", async () => {
    const before = await callerToken(b, "+442079460123");
    await rotateDataKey(b);
    expect(await callerToken(b, "+442079460123")).toBe(before);
  });
});
