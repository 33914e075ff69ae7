import { randomBytes } from "node:crypto";
import { config } from "../config";
import { noteCredential } from "../config/credentials-file";
import { db } from "../db/client";
import { log } from "../log/logger";
import { upsertStaffAccount } from "../operator/staff-auth";

export const DEMO_STAFF_EMAIL = "operator@demo.test";

/**
 * The demo's platform staff account (operator console, SPEC §11), only where the demo is
 * seeded (embedded database or SEED_DEMO). Created once: with the demo users' password when
 * it is known, else a generated one printed once, like theirs; its authenticator secret is
 * DEMO_STAFF_TOTP_SECRET when set, else generated and printed once.
 */
export async function seedDemoStaff(password: string | undefined): Promise<void> {
  if (await db().staffAccount.findUnique({ where: { email: DEMO_STAFF_EMAIL }, select: { id: true } })) return;
  const chosen = password ?? randomBytes(12).toString("base64url");
  let totp: { secret: string; uri: string };
  try {
    ({ totp } = await upsertStaffAccount({ email: DEMO_STAFF_EMAIL, name: "Demo operator", password: chosen, totpSecret: config().DEMO_STAFF_TOTP_SECRET }));
  } catch (error) {
    // A demo password the staff rules refuse must not stop the demo from starting.
    log().warn({ err: error }, "could not seed the demo staff account; create one with npm run staff -- add <email>");
    return;
  }
  // Into the credentials file with the others, never the structured log (decision 035).
  if (!password) noteCredential(`Operator console staff ${DEMO_STAFF_EMAIL} password`, chosen);
  if (!config().DEMO_STAFF_TOTP_SECRET) {
    noteCredential(`Operator console staff ${DEMO_STAFF_EMAIL} authenticator secret`, totp.secret);
    noteCredential(`Operator console staff ${DEMO_STAFF_EMAIL} authenticator link`, totp.uri);
  }
}
