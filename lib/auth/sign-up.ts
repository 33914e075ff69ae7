import { performance } from "node:perf_hooks";
import { z } from "zod";
import { AppError } from "../core/errors";
import { plainText } from "../security/sanitize";
import { db } from "../db/client";
import { recordAudit } from "../audit/record";
import { sendEmail } from "../email/send";
import { existingAccountSignUpEmail } from "../email/templates";
import { recordSecurityEvent } from "../audit/security-events";
import { checkRateLimit } from "../security/rate-limit/limiter";
import { slugify, uniqueWorkspaceSlug } from "../workspaces/slug";
import { emailKey, emailSchema, normaliseEmail } from "./email-address";
import { discardPendingSignUp, newVerification } from "./email-verification";
import { answerAtDeadline } from "./equal-time";
import { hashPassword, newPasswordProblem, PASSWORD_MAX_LENGTH } from "./passwords";
import type { ClientInfo } from "./sessions";

export const signUpSchema = z.object({
  name: z.string().max(1000).transform(plainText).pipe(z.string().min(1, "Enter your name.").max(120, "Use at most 120 characters.")),
  email: emailSchema,
  password: z.string().max(PASSWORD_MAX_LENGTH),
  workspaceName: z.string().max(1000).transform(plainText).pipe(z.string().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters.")),
});

export type SignUpInput = z.infer<typeof signUpSchema>;

/**
 * How long the address-dependent part of a sign-up takes, whatever the address (SPEC §1,
 * issue 16 item 4): above a new account's work (slug lookup, one transaction of five rows,
 * the verification email: ~20 ms here; replacing a pending sign-up adds two deletes). The password checks and the hash come before it and are
 * the same for both paths.
 */
export const SIGN_UP_ANSWER_MS = 200;

/**
 * Starts a sign-up: a user whose address is not yet verified, a workspace and the owner
 * membership, and a verification link by email (decision 032). Nothing is usable, and no
 * session exists, until the link is followed. An address that already has a verified
 * account gets the same answer (the same checks and argon2 hash, then an answer at the same
 * moment: answerAtDeadline) and its owner an email about the attempt; an address with a
 * sign-up nobody verified is taken over by this one (the older one and its workspace are
 * removed), so a stranger's pending sign-up never blocks the address's owner.
 *
 * Returns the pending account's id for the browser's sign-up cookie, or null when nothing
 * was created; the caller must answer both the same way.
 */
export async function signUp(input: SignUpInput, client: ClientInfo & { requestId?: string | null }): Promise<{ pendingUserId: string | null }> {
  // Before the account lookup, so a known and an unknown address wait for the same checks.
  const problem = await newPasswordProblem(input.password, {
    email: input.email,
    name: input.name,
    workspaces: [{ name: input.workspaceName, slug: slugify(input.workspaceName) }],
  });
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { details: [{ field: "password", issue: problem }] });
  const passwordHash = await hashPassword(input.password);
  // From the account lookup on, the work depends on whether the address has an account (one
  // email, or a user, a workspace, an audit row and an email); both answer at the same moment.
  const startedAt = performance.now();
  const work = (async () => {
    const existing = await db().user.findUnique({ where: { email: input.email }, select: { emailVerifiedAt: true } });
    if (existing?.emailVerifiedAt) {
      await sendEmail(existingAccountSignUpEmail(input.email));
      return { pendingUserId: null };
    }
    const slug = await uniqueWorkspaceSlug(input.workspaceName);
    const { userId, email } = await db().$transaction(async (tx) => {
      const replaced = await discardPendingSignUp(tx, input.email);
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true } });
      const workspace = await tx.workspace.create({ data: { name: input.workspaceName, slug }, select: { id: true } });
      await tx.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });
      // The platform's chain: the workspace's own starts when the address is verified.
      const ctx = { actor: { type: "user" as const, userId: user.id, email: input.email }, workspaceId: null, ...client };
      await recordAudit(ctx, "user.signed_up", { type: "user", id: user.id, label: input.email }, { after: { workspace: slug, replaced_pending: replaced } }, tx);
      return { userId: user.id, email: await newVerification(tx, { id: user.id, email: input.email }, input.workspaceName) };
    });
    await sendEmail(email);
    return { pendingUserId: userId };
  })();
  return answerAtDeadline(startedAt, SIGN_UP_ANSWER_MS, "sign_up", work);
}

/**
 * "Send the link again" (decision 032): for a pending sign-up of `email`, a new link (the
 * older ones stop working); for any other address nothing — answered at the same moment
 * either way, and limited per address like reset requests. Returns false over the limit.
 */
export async function resendVerification(emailInput: string, client: ClientInfo & { requestId?: string | null }): Promise<boolean> {
  const email = normaliseEmail(emailInput);
  const limit = await checkRateLimit("verificationResend", emailKey(email));
  if (!limit.success) {
    await recordSecurityEvent({ type: "sign_up_blocked", ip: client.ip, details: { email_hash: emailKey(email), resend: true } });
    return false;
  }
  const startedAt = performance.now();
  const work = (async () => {
    const pending = await db().user.findFirst({
      where: { email, emailVerifiedAt: null },
      select: { id: true, email: true, memberships: { where: { role: "owner" }, take: 1, select: { workspace: { select: { name: true } } } } },
    });
    const workspace = pending?.memberships[0]?.workspace;
    if (!pending || !workspace) return true;
    await sendEmail(await newVerification(db(), pending, workspace.name));
    return true;
  })();
  return answerAtDeadline(startedAt, RESEND_ANSWER_MS, "verification_resend", work);
}

/** Above a resend's work (a lookup, two token writes, the outbox email: a few ms here). */
export const RESEND_ANSWER_MS = 120;
