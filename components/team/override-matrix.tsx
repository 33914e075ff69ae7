"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/forms/form-state";

export interface OverrideRow {
  permission: string;
  label: string;
  description: string;
  /** Role default (member matrix only). */
  roleDefault?: boolean;
  /** Effective value and where it comes from (member matrix only). */
  effective?: { granted: boolean; source: string };
  override: boolean | null;
}

const CHOICES = [
  { value: "inherit", label: "Inherit" },
  { value: "grant", label: "Grant" },
  { value: "deny", label: "Deny" },
] as const;

const current = (o: boolean | null) => (o === true ? "grant" : o === false ? "deny" : "inherit");

/**
 * Permission toggles: per permission, inherit / grant / deny. Each choice is a submit button
 * of its own form, so it works without client JavaScript.
 */
export function OverrideMatrix({
  rows,
  action,
  readOnly = false,
}: {
  rows: OverrideRow[];
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
  readOnly?: boolean;
}) {
  const [state, formAction, pending] = useActionState<ActionResult, FormData>(action, {});
  const showEffective = rows.some((r) => r.effective);
  return (
    <div>
      {state.error ? <div className="mb-3"><Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert></div> : null}
      <div className="relative overflow-x-auto" tabIndex={0}>
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Permission</th>
              {showEffective ? <th scope="col" className="py-2 pr-4 font-medium">Role default</th> : null}
              {showEffective ? <th scope="col" className="py-2 pr-4 font-medium">Effective</th> : null}
              <th scope="col" className="py-2 font-medium">Override</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.permission} data-testid={`perm-${row.permission}`}>
                <td className="py-2.5 pr-4">
                  <div className="font-medium text-slate-900">{row.label}</div>
                  <div className="font-mono text-xs text-slate-500">{row.permission}</div>
                </td>
                {showEffective ? <td className="py-2.5 pr-4 text-slate-700">{row.roleDefault ? "Yes" : "No"}</td> : null}
                {showEffective && row.effective ? (
                  <td className="py-2.5 pr-4">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${row.effective.granted ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`} data-testid="effective">
                      {row.effective.granted ? "Allowed" : "Not allowed"}
                    </span>
                    <div className="mt-0.5 text-xs text-slate-500" data-testid="source">{row.effective.source}</div>
                  </td>
                ) : null}
                <td className="py-2.5">
                  <form action={formAction}>
                    <input type="hidden" name="permission" value={row.permission} />
                    <div className="inline-flex rounded-md shadow-sm" role="group" aria-label={`Override for ${row.label}`}>
                    {CHOICES.map((choice, i) => {
                      const selected = current(row.override) === choice.value;
                      return (
                        <button
                          key={choice.value}
                          type="submit"
                          name="value"
                          value={choice.value}
                          disabled={readOnly || pending}
                          aria-pressed={selected}
                          className={`border px-2.5 py-1 text-xs font-medium ${i === 0 ? "rounded-l-md" : ""} ${i === 2 ? "rounded-r-md" : ""} ${i > 0 ? "-ml-px" : ""} ${
                            selected
                              ? choice.value === "deny"
                                ? "border-red-300 bg-red-50 text-red-800"
                                : choice.value === "grant"
                                  ? "border-emerald-300 bg-emerald-50 text-emerald-800"
                                  : "border-slate-300 bg-slate-100 text-slate-800"
                              : "border-slate-300 bg-surface text-slate-600 hover:bg-slate-50"
                          } disabled:cursor-not-allowed disabled:opacity-60`}
                        >
                          {choice.label}
                        </button>
                      );
                    })}
                    </div>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
