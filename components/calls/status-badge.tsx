import { STATUS_BADGE, STATUS_LABEL } from "@/lib/format/calls";

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_BADGE[status] ?? STATUS_BADGE.busy}`}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}
