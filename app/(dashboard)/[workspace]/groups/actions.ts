"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { fieldErrorsOf, safeValues } from "@/lib/forms/form-state";
import { addGroupMember, createGroup, deleteGroup, groupInputSchema, removeGroupMember, setGroupOverride, updateGroup } from "@/lib/groups/groups";
import { overrideValueSchema } from "@/lib/team/override-value";

const membershipId = z.uuid();

export async function createGroupAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = safeValues(form, ["name", "color", "description"]);
  const parsed = groupInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  let created: { id: string } | undefined;
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    created = await createGroup(ctx, parsed.data);
  });
  if (!created) return { ...result, values };
  redirect(`/${slug}/groups/${created.id}`);
}

export async function updateGroupAction(slug: string, groupId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const values = safeValues(form, ["name", "color", "description"]);
  const parsed = groupInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  return runWorkspaceAction(slug, {}, async (ctx) => {
    await updateGroup(ctx, groupId, parsed.data);
    revalidatePath(`/${slug}`, "layout");
    return { ok: true, message: "Group saved." };
  });
}

export async function deleteGroupAction(slug: string, groupId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  const result = await runWorkspaceAction(slug, { stepUp: true }, (ctx) => deleteGroup(ctx, groupId));
  if (!result.ok) return result;
  revalidatePath(`/${slug}`, "layout");
  redirect(`/${slug}/groups`);
}

async function membershipAction(
  slug: string,
  form: FormData,
  fn: (ctx: Parameters<Parameters<typeof runWorkspaceAction>[2]>[0], membership: string) => Promise<void>,
): Promise<ActionResult> {
  const id = membershipId.safeParse(form.get("membershipId"));
  if (!id.success) return { error: "Pick a member." };
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await fn(ctx, id.data);
    revalidatePath(`/${slug}`, "layout");
    return { ok: true };
  });
}

export async function addGroupMemberAction(slug: string, groupId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  return membershipAction(slug, form, (ctx, id) => addGroupMember(ctx, groupId, id));
}

export async function removeGroupMemberAction(slug: string, groupId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  return membershipAction(slug, form, (ctx, id) => removeGroupMember(ctx, groupId, id));
}

export async function setGroupOverrideAction(slug: string, groupId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const permission = z.enum(PERMISSIONS).safeParse(form.get("permission"));
  const value = overrideValueSchema.safeParse(form.get("value"));
  if (!permission.success || !value.success) return { error: "Invalid permission change." };
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await setGroupOverride(ctx, groupId, permission.data, value.data);
    revalidatePath(`/${slug}`, "layout");
    return { ok: true };
  });
}
