import { randomBytes } from "node:crypto";
import { config } from "../config";
import { noteCredential } from "../config/credentials-file";
import { db } from "../db/client";
import { hashPassword } from "../auth/passwords";
import { enrolTotpFromSecret } from "../auth/mfa/totp";
import { issueRecoveryCodes } from "../auth/mfa/recovery-codes";

export const DEMO_SECURE_EMAIL = "secure@demo.test";

/**
 * SPEC §13: `secure@demo.test`, an admin of the demo workspace with the demo password and an
 * authenticator app enrolled from DEMO_TOTP_SECRET (else a generated secret, printed once),
 * so the second factor can be shown and tested against the demo. Idempotent: an existing
 * account is left as it is. `password` is the demo password when this run knows it.
 */
export async function seedDemoSecure(workspaceId: string, password: string | undefined): Promise<void> {
  if (await db().user.findUnique({ where: { email: DEMO_SECURE_EMAIL }, select: { id: true } })) return;
  const chosen = password ?? config().DEMO_PASSWORD ?? randomBytes(12).toString("base64url");
  const user = await db().user.create({
    data: { email: DEMO_SECURE_EMAIL, name: "Demo secure admin", passwordHash: await hashPassword(chosen), emailVerifiedAt: new Date() },
    select: { id: true, email: true },
  });
  await db().membership.create({ data: { userId: user.id, workspaceId, role: "admin" } });
  const secret = await enrolTotpFromSecret(user, config().DEMO_TOTP_SECRET);
  await issueRecoveryCodes(user.id);
  // Into the credentials file with the other demo credentials, never the structured log (decision 035).
  if (!password && !config().DEMO_PASSWORD) noteCredential(`${DEMO_SECURE_EMAIL} password`, chosen);
  if (!config().DEMO_TOTP_SECRET) noteCredential(`${DEMO_SECURE_EMAIL} authenticator secret (second factor)`, secret);
}
