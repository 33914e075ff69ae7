"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { emailSchema } from "@/lib/auth/email-address";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { ROLES } from "@/lib/authz/roles";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { createInvitation, revokeInvitation } from "@/lib/team/invitations";
import { changeRole, removeMember, setMemberOverride } from "@/lib/team/members";
import { overrideValueSchema } from "@/lib/team/override-value";

const inviteSchema = z.object({ email: emailSchema, role: z.enum(ROLES, { message: "Pick a role." }) });

export const inviteAction = memberAction({}, async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const parsed = inviteSchema.safeParse({ email: form.get("email"), role: form.get("role") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { email: String(form.get("email") ?? "").slice(0, 254) } };
  await createInvitation(ctx, parsed.data.email, parsed.data.role);
  revalidatePath(`/${slug}/team`);
  return { ok: true, message: `Invitation sent to ${parsed.data.email}.` };
});

export const revokeInvitationAction = memberAction({}, async (ctx, invitationId: string): Promise<void> => {
  await revokeInvitation(ctx, invitationId);
  revalidatePath(`/${ctx.workspace.slug}/team`);
});

export const changeRoleAction = memberAction({ stepUp: true }, async (ctx, membershipId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const role = z.enum(ROLES).safeParse(form.get("role"));
  if (!role.success) return { error: "Pick a role." };
  await changeRole(ctx, membershipId, role.data);
  revalidatePath(`/${slug}/team`, "layout");
  return { ok: true, message: `Role changed to ${role.data}.` };
});

export const setMemberOverrideAction = memberAction({ stepUp: true }, async (ctx, membershipId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const permission = z.enum(PERMISSIONS).safeParse(form.get("permission"));
  const value = overrideValueSchema.safeParse(form.get("value"));
  if (!permission.success || !value.success) return { error: "Invalid permission change." };
  await setMemberOverride(ctx, membershipId, permission.data, value.data);
  revalidatePath(`/${slug}/team/${membershipId}`);
  return { ok: true };
});

export const removeMemberAction = memberAction({ stepUp: true }, async (ctx, membershipId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await removeMember(ctx, membershipId);
  revalidatePath(`/${ctx.workspace.slug}/team`);
  redirect(`/${ctx.workspace.slug}/team`);
});
