import type { PostureFlag } from "@/lib/api-keys/posture";

const TONES: Record<PostureFlag["tone"], string> = {
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  info: "bg-slate-100 text-slate-800 ring-slate-200",
};

/** A key's posture flags as text badges; each badge's detail is read by screen readers too. */
export function PostureBadges({ flags }: { flags: PostureFlag[] }) {
  if (!flags.length) return null;
  return (
    <ul aria-label="Key posture" className="mt-1 flex flex-wrap gap-1" data-testid="key-posture">
      {flags.map((f) => (
        <li key={f.flag} data-flag={f.flag} title={f.detail} className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${TONES[f.tone]}`}>
          {f.label}
          <span className="sr-only">: {f.detail}</span>
        </li>
      ))}
    </ul>
  );
}
