import { GROUP_COLORS, isGroupColor } from "@/lib/groups/colors";

export function GroupChip({ name, color }: { name: string; color: string }) {
  const palette = GROUP_COLORS[isGroupColor(color) ? color : "slate"];
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${palette.chip}`}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${palette.dot}`} />
      {name}
    </span>
  );
}
