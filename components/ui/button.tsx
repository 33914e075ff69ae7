import type { ComponentProps } from "react";

const VARIANTS = {
  primary: "bg-brand-600 text-white hover:bg-brand-800 disabled:bg-brand-600/60",
  secondary: "border border-slate-300 bg-surface text-slate-800 hover:bg-slate-50",
  danger: "border border-red-200 bg-surface text-red-700 hover:bg-red-50",
  /** The confirming button of a destructive dialog: white on red in both themes. */
  dangerSolid: "bg-danger text-white hover:bg-danger-hover disabled:opacity-50",
  ghost: "text-slate-700 hover:bg-slate-100",
} as const;

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ComponentProps<"button"> & { variant?: keyof typeof VARIANTS }) {
  return (
    <button
      className={`inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
