import { generateKey, hashKey, parseKey, type KeyMode } from "../api-keys/format";
import { PERMISSIONS } from "../authz/permissions";
import { config } from "../config";
import { noteCredential } from "../config/credentials-file";
import { db } from "../db/client";
import { log } from "../log/logger";

/**
 * SPEC §13: a live and a test secret key with the owner's full scope — DEMO_LIVE_KEY /
 * DEMO_TEST_KEY when set and valid, otherwise generated and printed once. Plus a few phone
 * numbers in each mode.
 */
export async function seedDemoKeys(workspaceId: string, ownerId: string): Promise<void> {
  const c = config();
  for (const mode of ["live", "test"] as KeyMode[]) {
    const name = `Demo ${mode} key`;
    if (await db().apiKey.findFirst({ where: { workspaceId, name }, select: { id: true } })) continue;
    const configured = mode === "live" ? c.DEMO_LIVE_KEY : c.DEMO_TEST_KEY;
    const parsedConfigured = configured ? parseKey(configured) : null;
    const valid = parsedConfigured && parsedConfigured.mode === mode && parsedConfigured.type === "sk";
    if (configured && !valid) log().warn({ mode }, `DEMO_${mode.toUpperCase()}_KEY is not a valid sb_${mode}_sk_ key; generating one instead`);
    const key = valid ? configured! : generateKey(mode, "sk");
    const parsed = parseKey(key)!;
    await db().apiKey.create({
      data: { workspaceId, name, type: "sk", mode, keyHash: hashKey(key), prefix: parsed.prefix, last4: parsed.last4, scopes: [...PERMISSIONS], createdById: ownerId },
    });
    if (!valid) noteCredential(`Demo ${mode} secret key (owner's full scope)`, key);
  }
  const numbers: [string, string, KeyMode][] = [
    ["+2348035550101", "Lagos support line", "live"],
    ["+442079460123", "London sales", "live"],
    ["+14155550142", "US test line", "test"],
  ];
  for (const [number, label, mode] of numbers) {
    await db().phoneNumber.upsert({
      where: { workspaceId_mode_number: { workspaceId, mode, number } },
      create: { workspaceId, number, label, mode },
      update: {},
    });
  }
}
