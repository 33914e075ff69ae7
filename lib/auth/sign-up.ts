import { performance } from "node:perf_hooks";
import { z } from "zod";
import { AppError } from "../core/errors";
import { plainText } from "../security/sanitize";
import { db } from "../db/client";
import { recordAudit } from "../audit/record";
import { sendEmail } from "../email/send";
import { existingAccountSignUpEmail, welcomeEmail } from "../email/templates";
import { slugify, uniqueWorkspaceSlug } from "../workspaces/slug";
import { emailSchema } from "./email-address";
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
 * the welcome email: ~20 ms here). The password checks and the hash come before it and are
 * the same for both paths.
 */
export const SIGN_UP_ANSWER_MS = 200;

/**
 * Creates a user, a workspace and the owner membership. An email that already has an
 * account gets the same answer (the same checks and argon2 hash, then an answer at the same
 * moment: answerAtDeadline), and its owner an email about the attempt, so sign-up cannot be
 * used to find out who has an account.
 */
export async function signUp(input: SignUpInput, client: ClientInfo & { requestId?: string | null }): Promise<void> {
  // Before the account lookup, so a known and an unknown address wait for the same checks.
  const problem = await newPasswordProblem(input.password, {
    email: input.email,
    name: input.name,
    workspaces: [{ name: input.workspaceName, slug: slugify(input.workspaceName) }],
  });
  if (problem) throw new AppError("VALIDATION_FAILED", problem, { details: [{ field: "password", issue: problem }] });
  const passwordHash = await hashPassword(input.password);
  // From the account lookup on, the work depends on whether the address has an account (one
  // email, or a user, a workspace, audit rows and an email); both answer at the same moment.
  const startedAt = performance.now();
  const work = (async () => {
    const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) {
      await sendEmail(existingAccountSignUpEmail(input.email));
      return;
    }
    const slug = await uniqueWorkspaceSlug(input.workspaceName);
    await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true } });
      const workspace = await tx.workspace.create({ data: { name: input.workspaceName, slug }, select: { id: true } });
      await tx.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });
      const ctx = {
        actor: { type: "user" as const, userId: user.id, email: input.email },
        workspaceId: workspace.id,
        ip: client.ip,
        userAgent: client.userAgent,
        requestId: client.requestId,
      };
      await recordAudit(ctx, "user.signed_up", { type: "user", id: user.id, label: input.email }, null, tx);
      await recordAudit(ctx, "workspace.created", { type: "workspace", id: workspace.id, label: input.workspaceName }, {
        after: { name: input.workspaceName, slug },
      }, tx);
    });
    await sendEmail(welcomeEmail(input.email, input.workspaceName));
  })();
  await answerAtDeadline(startedAt, SIGN_UP_ANSWER_MS, "sign_up", work);
}
