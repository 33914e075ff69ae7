/** A data table's header row in the dashboard's style; `hidden` columns are named for screen readers only. */
export function TableHead({ columns }: { columns: { label: string; align?: "right"; hidden?: boolean }[] }) {
  return (
    <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
      <tr>
        {columns.map((c, i) => (
          <th key={c.label} scope="col" className={`py-2 font-medium ${i < columns.length - 1 ? "pr-4" : ""} ${c.align === "right" ? "text-right" : ""}`}>
            {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
