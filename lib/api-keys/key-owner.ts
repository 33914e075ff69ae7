import { db } from "../db/client";
import { displayKey, hashKey, parseKey } from "./format";

/**
 * The workspace of a key that is still good (not revoked, not expired), found by its hash,
 * or null — for events about a key seen where it must not be (a query string): a leaked key
 * is news to its owner (SPEC §7), so the event goes to the owning workspace. Only a key that
 * passes its checksum is looked up, so junk costs no query.
 */
export async function liveKeyOwner(candidate: string, now = new Date()): Promise<{ workspaceId: string; keyId: string; display: string } | null> {
  const parsed = parseKey(candidate);
  if (!parsed) return null;
  const row = await db().apiKey.findUnique({
    where: { keyHash: hashKey(candidate) },
    select: { id: true, workspaceId: true, revokedAt: true, expiresAt: true },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  return { workspaceId: row.workspaceId, keyId: row.id, display: displayKey(parsed.prefix, parsed.last4) };
}
