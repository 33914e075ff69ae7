import { db } from "../../db/client";
import type { CredentialStore, StoredCredential } from "./webauthn-verify";

const columns = { id: true, credentialId: true, publicKey: true, counter: true, transports: true } as const;

/**
 * A use is recorded only if nothing moved since the row was read and the credential was not
 * used since the challenge was issued: a challenge, or an assertion, is spent once.
 */
const claimWhere = (credential: StoredCredential, issuedAt: Date) => ({
  id: credential.id,
  counter: credential.counter,
  OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: issuedAt } }],
});

type Row = Omit<StoredCredential, "ownerId">;
type ClaimData = { counter: bigint; backedUp: boolean; lastUsedAt: Date };

function storeOf(
  findRow: (credentialId: string) => Promise<(Row & { ownerId: string }) | null>,
  updateMany: (args: { where: ReturnType<typeof claimWhere>; data: ClaimData }) => Promise<{ count: number }>,
): CredentialStore {
  return {
    find: findRow,
    async claim(credential, counter, backedUp, issuedAt, now) {
      const { count } = await updateMany({ where: claimWhere(credential, issuedAt), data: { counter: BigInt(counter), backedUp, lastUsedAt: now } });
      return count === 1;
    },
  };
}

/** Members' passkeys (table passkeys). */
export const memberPasskeys = storeOf(
  async (credentialId) => {
    const row = await db().passkey.findUnique({ where: { credentialId }, select: { ...columns, userId: true } });
    return row ? { ...row, ownerId: row.userId } : null;
  },
  (args) => db().passkey.updateMany(args),
);

/** Staff passkeys (table staff_passkeys), for the operator console. */
export const staffPasskeys = storeOf(
  async (credentialId) => {
    const row = await db().staffPasskey.findUnique({ where: { credentialId }, select: { ...columns, staffId: true } });
    return row ? { ...row, ownerId: row.staffId } : null;
  },
  (args) => db().staffPasskey.updateMany(args),
);
