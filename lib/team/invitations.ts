import { createHash, randomBytes } from "node:crypto";
import type { WorkspaceContext } from "../authz/context";
import { AppError } from "../core/errors";
import type { Role } from "../authz/roles";
import { recordAudit } from "../audit/record";
import { normaliseEmail } from "../auth/email-address";
import { discardPendingSignUp } from "../auth/email-verification";
import { hashPassword, newPasswordProblem } from "../auth/passwords";
import { db } from "../db/client";
import { sendEmail } from "../email/send";
import { config } from "../config";
import { assertCanAssignRole } from "./rules";

/** SPEC §2: single-use hashed token, 7-day expiry. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvitation(ctx: WorkspaceContext, emailInput: string, role: Role, now = new Date()) {
  await ctx.require("team:manage");
  await assertCanAssignRole(ctx, role);
  const email = normaliseEmail(emailInput);
  const token = randomBytes(32).toString("base64url");
  await ctx.data(async (tx) => {
    const existing = await tx.membership.findFirst({ where: { workspaceId: ctx.workspace.id, user: { email } }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", "This person is already a member.", { details: [{ field: "email", issue: "already a member" }] });
    // A new invitation to the same address replaces any pending one.
    await tx.invitation.updateMany({
      where: { workspaceId: ctx.workspace.id, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const invitation = await tx.invitation.create({
      data: { workspaceId: ctx.workspace.id, email, role, tokenHash: hashToken(token), invitedById: ctx.user.id, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
      select: { id: true },
    });
    await ctx.audit("member.invited", { type: "invitation", id: invitation.id, label: email }, { after: { email, role } }, tx);
  });
  const link = `${config().APP_URL}/invitations/accept?token=${encodeURIComponent(token)}`;
  await sendEmail({
    to: email,
    subject: `${ctx.user.name} invited you to ${ctx.workspace.name} on Switchboard`,
    text: [
      `${ctx.user.name} (${ctx.user.email}) invited you to join the workspace "${ctx.workspace.name}" as ${role}.`,
      "",
      `Accept within 7 days: ${link}`,
      ...(ctx.twoFactor.required
        ? ["", "This workspace requires two-factor authentication: after joining, set up an authenticator app or a passkey before you can use it."]
        : []),
      "",
      "The link works once. If you did not expect this, ignore this email.",
    ].join("\n"),
  });
}

export async function listPendingInvitations(ctx: WorkspaceContext, now = new Date()) {
  await ctx.require("team:manage");
  return ctx.data((tx) =>
    tx.invitation.findMany({
      where: { workspaceId: ctx.workspace.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
      orderBy: { createdAt: "desc" },
    }),
  );
}

export async function revokeInvitation(ctx: WorkspaceContext, invitationId: string, now = new Date()) {
  await ctx.require("team:manage");
  await ctx.data(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, workspaceId: ctx.workspace.id, acceptedAt: null, revokedAt: null } });
    if (!invitation) throw new AppError("NOT_FOUND", "No such pending invitation.");
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: now } });
    await ctx.audit("member.invitation_revoked", { type: "invitation", id: invitation.id, label: invitation.email }, null, tx);
  });
}

/**
 * An invitation a token still opens, looked up before anyone is known to be in its
 * workspace (so outside the tenant scope, by the token's hash only).
 */
export async function openInvitation(token: string, now = new Date()) {
  if (!token || token.length > 128) return null;
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, workspace: { select: { id: true, slug: true, name: true, cancelledAt: true, suspendedAt: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null;
  // A cancelled workspace takes no one new (decision 017).
  if (invitation.workspace.cancelledAt || invitation.workspace.suspendedAt) return null;
  // A sign-up nobody verified is no account: the invitation proves the address and replaces it (decision 032).
  const account = await db().user.findFirst({ where: { email: invitation.email, emailVerifiedAt: { not: null } }, select: { id: true } });
  const { cancelledAt: _closed, suspendedAt: _suspended, ...workspace } = invitation.workspace;
  return { ...invitation, workspace, hasAccount: account !== null };
}

type Meta = { ip?: string | null; userAgent?: string | null; requestId?: string | null };

/** Accepts for a signed-in user whose email is the invited one; spends the token. */
export async function acceptInvitation(token: string, user: { id: string; email: string }, meta: Meta, now = new Date()) {
  const invitation = await openInvitation(token, now);
  if (!invitation) throw new AppError("NOT_FOUND", "This invitation is invalid, used, revoked or expired.");
  if (normaliseEmail(user.email) !== invitation.email) {
    throw new AppError("FORBIDDEN", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
  }
  await db().$transaction(async (tx) => {
    const spent = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (spent.count !== 1) throw new AppError("NOT_FOUND", "This invitation has already been used.");
    // Following the invitation's link proves the address.
    await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: invitation.workspace.id, userId: user.id } } });
    if (!existing) {
      const membership = await tx.membership.create({ data: { workspaceId: invitation.workspace.id, userId: user.id, role: invitation.role }, select: { id: true } });
      await recordAudit(
        { actor: { type: "user", userId: user.id, email: user.email }, workspaceId: invitation.workspace.id, ...meta },
        "member.joined",
        { type: "member", id: membership.id, label: user.email },
        { after: { role: invitation.role, invitation: invitation.id } },
        tx,
      );
    }
  });
  return invitation.workspace;
}

/**
 * Creates the invitee's account (no workspace of its own, verified by the invitation) and
 * accepts the invitation; a pending sign-up of that address is replaced.
 */
export async function acceptWithNewAccount(token: string, input: { name: string; password: string }, meta: Meta, now = new Date()) {
  const invitation = await openInvitation(token, now);
  if (!invitation) throw new AppError("NOT_FOUND", "This invitation is invalid, used, revoked or expired.");
  if (invitation.hasAccount) throw new AppError("CONFLICT", "An account exists for this address. Sign in to accept.");
  const problem = await newPasswordProblem(input.password, { email: invitation.email, name: input.name, workspaces: [invitation.workspace] });
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { details: [{ field: "password", issue: problem }] });
  const passwordHash = await hashPassword(input.password);
  const user = await db().$transaction(async (tx) => {
    await discardPendingSignUp(tx, invitation.email);
    return tx.user.create({ data: { email: invitation.email, name: input.name, passwordHash }, select: { id: true, email: true } });
  });
  return { workspace: await acceptInvitation(token, user, meta, now), user };
}
