"use server";

import { revalidatePath } from "next/cache";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { deleteDocument } from "@/lib/knowledge/documents";
import { importFromUrl } from "@/lib/knowledge/import";

export const importDocumentAction = memberAction(
  { values: (form) => ({ url: String(form.get("url") ?? "").trim().slice(0, 2048) }) },
  async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
    const url = String(form.get("url") ?? "").trim().slice(0, 2048);
    if (!url) return { fieldErrors: { url: "Enter the file's URL." } };
    const doc = await importFromUrl(ctx, url);
    revalidatePath(`/${ctx.workspace.slug}/knowledge`);
    return { ok: true, message: `Imported “${doc.name}”.` };
  },
);

export const deleteDocumentAction = memberAction({ stepUp: true }, async (ctx, documentId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> => {
  const slug = ctx.workspace.slug;
  await deleteDocument(ctx, documentId);
  revalidatePath(`/${slug}/knowledge`);
  return { ok: true, message: "Document deleted: the agent no longer answers from it." };
});
