/**
 * The group colour palette: fixed Tailwind classes (no inline styles under our CSP), each
 * pair checked for WCAG AA contrast (text-*-800 on bg-*-100).
 */
export const GROUP_COLORS = {
  slate: { label: "Slate", chip: "bg-slate-100 text-slate-800 ring-slate-300", dot: "bg-slate-500" },
  red: { label: "Red", chip: "bg-red-100 text-red-800 ring-red-300", dot: "bg-red-500" },
  orange: { label: "Orange", chip: "bg-orange-100 text-orange-800 ring-orange-300", dot: "bg-orange-500" },
  amber: { label: "Amber", chip: "bg-amber-100 text-amber-800 ring-amber-300", dot: "bg-amber-500" },
  green: { label: "Green", chip: "bg-green-100 text-green-800 ring-green-300", dot: "bg-green-500" },
  teal: { label: "Teal", chip: "bg-teal-100 text-teal-800 ring-teal-300", dot: "bg-teal-500" },
  sky: { label: "Sky", chip: "bg-sky-100 text-sky-800 ring-sky-300", dot: "bg-sky-500" },
  blue: { label: "Blue", chip: "bg-blue-100 text-blue-800 ring-blue-300", dot: "bg-blue-500" },
  violet: { label: "Violet", chip: "bg-violet-100 text-violet-800 ring-violet-300", dot: "bg-violet-500" },
  pink: { label: "Pink", chip: "bg-pink-100 text-pink-800 ring-pink-300", dot: "bg-pink-500" },
} as const;

export type GroupColor = keyof typeof GROUP_COLORS;
export const GROUP_COLOR_NAMES = Object.keys(GROUP_COLORS) as GroupColor[];
export const isGroupColor = (v: string): v is GroupColor => v in GROUP_COLORS;
