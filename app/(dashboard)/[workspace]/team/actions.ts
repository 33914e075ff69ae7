"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { emailSchema } from "@/lib/auth/email-address";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { ROLES } from "@/lib/authz/roles";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { createInvitation, revokeInvitation } from "@/lib/team/invitations";
import { changeRole, removeMember, setMemberOverride } from "@/lib/team/members";
import { overrideValueSchema } from "@/lib/team/override-value";

const inviteSchema = z.object({ email: emailSchema, role: z.enum(ROLES, { message: "Pick a role." }) });

export async function inviteAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const parsed = inviteSchema.safeParse({ email: form.get("email"), role: form.get("role") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { email: String(form.get("email") ?? "").slice(0, 254) } };
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await createInvitation(ctx, parsed.data.email, parsed.data.role);
    revalidatePath(`/${slug}/team`);
    return { ok: true, message: `Invitation sent to ${parsed.data.email}.` };
  });
}

export async function revokeInvitationAction(slug: string, invitationId: string): Promise<void> {
  await runWorkspaceAction(slug, {}, async (ctx) => {
    await revokeInvitation(ctx, invitationId);
    revalidatePath(`/${slug}/team`);
  });
}

export async function changeRoleAction(slug: string, membershipId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const role = z.enum(ROLES).safeParse(form.get("role"));
  if (!role.success) return { error: "Pick a role." };
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await changeRole(ctx, membershipId, role.data);
    revalidatePath(`/${slug}/team`, "layout");
    return { ok: true, message: `Role changed to ${role.data}.` };
  });
}

export async function setMemberOverrideAction(slug: string, membershipId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const permission = z.enum(PERMISSIONS).safeParse(form.get("permission"));
  const value = overrideValueSchema.safeParse(form.get("value"));
  if (!permission.success || !value.success) return { error: "Invalid permission change." };
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await setMemberOverride(ctx, membershipId, permission.data, value.data);
    revalidatePath(`/${slug}/team/${membershipId}`);
    return { ok: true };
  });
}

export async function removeMemberAction(slug: string, membershipId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  const result = await runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await removeMember(ctx, membershipId);
  });
  if (!result.ok) return result;
  revalidatePath(`/${slug}/team`);
  redirect(`/${slug}/team`);
}
