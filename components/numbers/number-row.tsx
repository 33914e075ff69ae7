"use client";

import { useActionState, useState } from "react";
import { removeNumberAction, updateNumberAction } from "@/app/(dashboard)/[workspace]/numbers/actions";
import { StepUpInline } from "@/components/step-up-inline";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

export interface NumberRowData {
  id: string;
  number: string;
  display: string;
  label: string | null;
  mode: "live" | "test";
  configuration: { id: string; name: string } | null;
  created: string;
}

const input = "w-full min-w-32 rounded-md border border-slate-300 bg-surface px-2 py-1 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

function ModeBadge({ mode }: { mode: "live" | "test" }) {
  return mode === "live" ? (
    <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-600/20">Live</span>
  ) : (
    <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-600/20">Test</span>
  );
}

/** One number: view, inline edit (label and configuration) and a two-step remove. */
export function NumberRow({ slug, row, configurations }: { slug: string; row: NumberRowData; configurations: { id: string; name: string }[] }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, save, saving] = useActionState<ActionResult, FormData>(async (prev, form) => {
    const result = await updateNumberAction(slug, row.id, prev, form);
    if (result.ok) setEditing(false);
    return result;
  }, {});
  const [removed, remove, removing] = useActionState<ActionResult, FormData>(removeNumberAction.bind(null, slug, row.id), {});
  const formId = `number-${row.id}`;
  const error = saved.error ?? (removed.stepUpRequired ? undefined : removed.error);
  return (
    <tr data-testid="number-row" className="align-top">
      <td className="py-3 pr-4">
        <div className="font-medium text-slate-900" data-testid="number-display">{row.display}</div>
        <div className="font-mono text-xs text-slate-500">{row.number}</div>
      </td>
      <td className="py-3 pr-4">
        {editing ? (
          <>
            <label htmlFor={`${formId}-label`} className="sr-only">Label</label>
            <input id={`${formId}-label`} form={formId} name="label" defaultValue={row.label ?? ""} maxLength={80} className={input} />
          </>
        ) : (
          <span className={row.label ? "text-slate-800" : "text-slate-500"}>{row.label ?? "No label"}</span>
        )}
      </td>
      <td className="py-3 pr-4"><ModeBadge mode={row.mode} /></td>
      <td className="py-3 pr-4">
        {editing ? (
          <>
            <label htmlFor={`${formId}-config`} className="sr-only">Agent configuration</label>
            <select id={`${formId}-config`} form={formId} name="configurationId" defaultValue={row.configuration?.id ?? ""} className={input}>
              <option value="">Not assigned</option>
              {configurations.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </>
        ) : row.configuration ? (
          <span className="text-slate-800">{row.configuration.name}</span>
        ) : (
          <span className="text-slate-500">Not assigned</span>
        )}
      </td>
      <td className="py-3 pr-4 text-xs text-slate-600">{row.created}</td>
      <td className="py-3 text-right">
        <div className="flex flex-col items-end gap-2">
          {editing ? (
            <form id={formId} action={save} className="flex gap-2">
              <Button type="submit" disabled={saving} className="px-2.5 py-1 text-xs">{saving ? "Saving…" : "Save"}</Button>
              <Button type="button" variant="ghost" className="px-2.5 py-1 text-xs" onClick={() => setEditing(false)}>Cancel</Button>
            </form>
          ) : confirming ? (
            <form action={remove} className="flex flex-wrap items-center justify-end gap-2" role="group" aria-label={`Remove ${row.display}`}>
              <span className="text-xs text-slate-700">Calls to this number will no longer reach your agent.</span>
              <Button type="submit" variant="danger" disabled={removing} className="px-2.5 py-1 text-xs">{removing ? "Removing…" : "Remove number"}</Button>
              <Button type="button" variant="ghost" className="px-2.5 py-1 text-xs" onClick={() => setConfirming(false)}>Keep</Button>
            </form>
          ) : (
            <div className="flex gap-2">
              <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => setEditing(true)} aria-label={`Edit ${row.display}`}>Edit</Button>
              <Button type="button" variant="danger" className="px-2.5 py-1 text-xs" onClick={() => setConfirming(true)} aria-label={`Remove ${row.display}`}>Remove</Button>
            </div>
          )}
          {error ? <p role="alert" className="max-w-xs text-xs text-red-700">{error}</p> : null}
          {removed.stepUpRequired ? <StepUpInline /> : null}
          {saved.ok && !editing ? <p role="status" className="text-xs text-emerald-700">{saved.message}</p> : null}
        </div>
      </td>
    </tr>
  );
}
