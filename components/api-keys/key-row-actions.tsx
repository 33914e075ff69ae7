"use client";

import { useActionState } from "react";
import { renameKeyAction } from "@/app/(dashboard)/[workspace]/developers/api-keys/actions";
import type { ActionResult } from "@/lib/forms/form-state";

export function RenameKeyForm({ slug, keyId, name }: { slug: string; keyId: string; name: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(renameKeyAction.bind(null, slug, keyId), {});
  return (
    <form action={action} className="flex items-center gap-1">
      <label className="sr-only" htmlFor={`rename-${keyId}`}>Key name</label>
      <input id={`rename-${keyId}`} name="name" defaultValue={name} maxLength={80} className="w-40 rounded border border-slate-300 px-2 py-1 text-xs" />
      <button type="submit" disabled={pending} className="rounded px-2 py-1 text-xs text-brand-700 hover:bg-slate-100">Rename</button>
      {state.error ? <span className="text-xs text-red-700">{state.error}</span> : null}
    </form>
  );
}
