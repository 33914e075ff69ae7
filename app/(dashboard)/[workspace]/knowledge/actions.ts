"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { deleteDocument } from "@/lib/knowledge/documents";
import { importFromUrl } from "@/lib/knowledge/import";

export async function importDocumentAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const url = String(form.get("url") ?? "").trim().slice(0, 2048);
  if (!url) return { fieldErrors: { url: "Enter the file's URL." } };
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    const doc = await importFromUrl(ctx, url);
    revalidatePath(`/${slug}/knowledge`);
    return { ok: true, message: `Imported “${doc.name}”.` };
  });
  return result.ok ? result : { ...result, values: { url } };
}

export async function deleteDocumentAction(slug: string, documentId: string, _prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runWorkspaceAction(slug, { stepUp: true }, async (ctx) => {
    await deleteDocument(ctx, documentId);
    revalidatePath(`/${slug}/knowledge`);
  });
}
