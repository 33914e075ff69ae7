import type { SelectHTMLAttributes } from "react";

export function Select({
  label,
  name,
  error,
  options,
  className = "",
  id: givenId,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; error?: string; options: { value: string; label: string; disabled?: boolean }[] }) {
  const id = givenId ?? `select-${name}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>
        ))}
      </select>
      {error ? <p id={`${id}-error`} className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}
