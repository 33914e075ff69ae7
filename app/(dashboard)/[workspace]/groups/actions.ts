"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { WorkspaceContext } from "@/lib/authz/context";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { fieldErrorsOf, safeValues } from "@/lib/forms/form-state";
import { addGroupMember, createGroup, deleteGroup, groupInputSchema, removeGroupMember, setGroupOverride, updateGroup } from "@/lib/groups/groups";
import { overrideValueSchema } from "@/lib/team/override-value";

const membershipId = z.uuid();

export const createGroupAction = memberAction(
  { values: (form) => safeValues(form, ["name", "color", "description"]) },
  async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
    const parsed = groupInputSchema.safeParse(safeValues(form, ["name", "color", "description"]));
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
    const created = await createGroup(ctx, parsed.data);
    redirect(`/${ctx.workspace.slug}/groups/${created.id}`);
  },
);

export const updateGroupAction = memberAction({}, async (ctx, groupId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const values = safeValues(form, ["name", "color", "description"]);
  const parsed = groupInputSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  await updateGroup(ctx, groupId, parsed.data);
  revalidatePath(`/${slug}`, "layout");
  return { ok: true, message: "Group saved." };
});

export const deleteGroupAction = memberAction({ stepUp: true }, async (ctx, groupId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  await deleteGroup(ctx, groupId);
  revalidatePath(`/${ctx.workspace.slug}`, "layout");
  redirect(`/${ctx.workspace.slug}/groups`);
});

/** Adding or removing a group member: the member picked in the form, then `fn`. */
async function withPickedMember(ctx: WorkspaceContext, form: FormData, fn: (membership: string) => Promise<void>): Promise<ActionResult> {
  const id = membershipId.safeParse(form.get("membershipId"));
  if (!id.success) return { error: "Pick a member." };
  await fn(id.data);
  revalidatePath(`/${ctx.workspace.slug}`, "layout");
  return { ok: true };
}

export const addGroupMemberAction = memberAction({ stepUp: true }, async (ctx, groupId: string, _prev: ActionResult, form: FormData) =>
  withPickedMember(ctx, form, (id) => addGroupMember(ctx, groupId, id)),
);

export const removeGroupMemberAction = memberAction({ stepUp: true }, async (ctx, groupId: string, _prev: ActionResult, form: FormData) =>
  withPickedMember(ctx, form, (id) => removeGroupMember(ctx, groupId, id)),
);

export const setGroupOverrideAction = memberAction({ stepUp: true }, async (ctx, groupId: string, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  const permission = z.enum(PERMISSIONS).safeParse(form.get("permission"));
  const value = overrideValueSchema.safeParse(form.get("value"));
  if (!permission.success || !value.success) return { error: "Invalid permission change." };
  await setGroupOverride(ctx, groupId, permission.data, value.data);
  revalidatePath(`/${slug}`, "layout");
  return { ok: true };
});
