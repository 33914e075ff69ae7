import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../core/errors";
import { recordAudit } from "../audit/record";
import { config } from "../config";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Email } from "../email/send";
import { verificationEmail } from "../email/templates";
import { verifyUserPassword } from "./verify-password";
import type { ClientInfo } from "./sessions";

/** SPEC §1 / issue 16 item 11: ≥128-bit random token, stored only as a hash, single use, 24 hours. */
export const VERIFICATION_TTL_SECONDS = 24 * 3600;
export const VERIFICATION_TTL_MS = VERIFICATION_TTL_SECONDS * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type Tx = Prisma.TransactionClient;
type Meta = ClientInfo & { requestId?: string | null };

/**
 * A new link for a pending sign-up (earlier ones stop working): the token row is written with
 * `client` (the sign-up's transaction, so it commits with the account), and the email to send
 * once that has committed is returned.
 */
export async function newVerification(client: Tx, user: { id: string; email: string }, workspaceName: string, now = new Date()): Promise<Email> {
  const token = randomBytes(32).toString("base64url");
  await client.emailVerificationToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
  await client.emailVerificationToken.create({
    data: { userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + VERIFICATION_TTL_MS) },
  });
  return verificationEmail(user.email, workspaceName, `${config().APP_URL}/verify-email?token=${encodeURIComponent(token)}`);
}

/** What a verification link still opens: the pending account and its workspace, or null. */
export async function openVerification(token: string, now = new Date()) {
  if (!token || token.length > 128) return null;
  const row = await db().emailVerificationToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      usedAt: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          emailVerifiedAt: true,
          memberships: { where: { role: "owner" }, take: 1, select: { workspace: { select: { id: true, slug: true, name: true } } } },
        },
      },
    },
  });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.emailVerifiedAt) return null;
  const workspace = row.user.memberships[0]?.workspace;
  if (!workspace) return null;
  const { memberships: _memberships, emailVerifiedAt: _verified, ...user } = row.user;
  return { tokenId: row.id, user, workspace };
}

/**
 * Completes a sign-up from its link (decision 032). The browser that signed up carries a
 * sealed cookie naming the pending account (`signedUpHere`) and needs nothing more; any other
 * browser must also give the password chosen at sign-up, checked by verifyUserPassword (its
 * throttles and lockout). So a link sent to someone's mailbox by a stranger who signed up
 * with their address cannot, when clicked, give that stranger a verified account. The token
 * is spent only after the password is accepted; the account is marked verified and the
 * workspace's audit chain starts (its creation and the verification).
 */
export async function completeVerification(
  token: string,
  proof: { signedUpHere: boolean; password?: string },
  meta: Meta,
  now = new Date(),
): Promise<{ user: { id: string; email: string; name: string }; workspace: { id: string; slug: string; name: string } }> {
  const opened = await openVerification(token, now);
  if (!opened) throw new AppError("VALIDATION_FAILED", "This link is invalid, used or expired. Sign up again to get a new one.");
  const { user, workspace } = opened;
  if (!proof.signedUpHere) {
    if (!proof.password) throw new AppError("VALIDATION_FAILED", "Enter the password you chose when you signed up.", { details: [{ field: "password", issue: "required" }] });
    await verifyUserPassword(user, proof.password, { ...meta, via: "sign_in" }, now);
  }
  await db().$transaction(async (tx) => {
    const spent = await tx.emailVerificationToken.updateMany({ where: { id: opened.tokenId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) throw new AppError("VALIDATION_FAILED", "This link has already been used.");
    await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } });
    const ctx = { actor: { type: "user" as const, userId: user.id, email: user.email }, workspaceId: workspace.id, ...meta };
    await recordAudit(ctx, "workspace.created", { type: "workspace", id: workspace.id, label: workspace.name }, { after: { name: workspace.name, slug: workspace.slug } }, tx);
    await recordAudit(ctx, "user.email_verified", { type: "user", id: user.id, label: user.email }, { via: proof.signedUpHere ? "same_browser" : "password" }, tx);
  });
  return { user, workspace };
}

/**
 * Removes a sign-up nobody has verified for `email`, with the workspace it created, so it
 * cannot hold the address (decision 032): a new sign-up or an invitation to that address
 * replaces it. A pending account has no session, no audit chain and no other member (it
 * could never sign in), so nothing of value goes with it. Returns whether one was removed.
 */
export async function discardPendingSignUp(tx: Tx, email: string): Promise<boolean> {
  const pending = await tx.user.findFirst({
    where: { email, emailVerifiedAt: null },
    select: { id: true, memberships: { where: { role: "owner" }, select: { workspaceId: true } } },
  });
  if (!pending) return false;
  const owned = pending.memberships.map((m) => m.workspaceId);
  // Only workspaces nobody else belongs to (always the case for a sign-up; checked anyway).
  const shared = await tx.membership.findMany({ where: { workspaceId: { in: owned }, userId: { not: pending.id } }, select: { workspaceId: true } });
  const alone = owned.filter((id) => !shared.some((s) => s.workspaceId === id));
  await tx.user.delete({ where: { id: pending.id } });
  if (alone.length > 0) await tx.workspace.deleteMany({ where: { id: { in: alone } } });
  return true;
}
