import { canonicalJson } from "../audit/chain";
import type { AgentConfigContent } from "./content";
import { languageLabel, voiceLabel, WEEKDAYS } from "./options";

export interface FieldChange {
  /** Stable key ("greeting", "hours.mon", "embedDomains"). */
  field: string;
  label: string;
  before: string;
  after: string;
}

type Day = AgentConfigContent["hours"]["mon"];
const dayText = (d: Day) => (d ? `${d.open}–${d.close}` : "Closed");
const list = (items: string[]) => (items.length ? items.join(", ") : "None");

/**
 * What changed between two versions, field by field, as the history shows it: active hours
 * per weekday, embed domains as added/removed. `before` null → everything is new.
 */
export function diffContents(before: AgentConfigContent | null, after: AgentConfigContent): FieldChange[] {
  const changes: FieldChange[] = [];
  const b = before;
  const push = (field: string, label: string, from: string, to: string) => {
    if (from !== to) changes.push({ field, label, before: from, after: to });
  };
  push("greeting", "Greeting", b?.greeting ?? "", after.greeting);
  push("language", "Language", b ? languageLabel(b.language) : "", languageLabel(after.language));
  push("voice", "Voice", b ? voiceLabel(b.voice) : "", voiceLabel(after.voice));
  push("timeZone", "Time zone", b?.timeZone ?? "", after.timeZone);
  for (const d of WEEKDAYS) push(`hours.${d.key}`, `Active hours: ${d.label}`, b ? dayText(b.hours[d.key]) : "", dayText(after.hours[d.key]));
  push("escalationNumber", "Escalation number", b ? (b.escalationNumber ?? "None") : "", after.escalationNumber ?? "None");
  const was = b?.embedDomains ?? [];
  const added = after.embedDomains.filter((x) => !was.includes(x));
  const removed = was.filter((x) => !after.embedDomains.includes(x));
  if (b && (added.length || removed.length)) {
    changes.push({
      field: "embedDomains",
      label: "Embed domains",
      before: removed.length ? `removed ${list(removed)}` : "",
      after: added.length ? `added ${list(added)}` : "",
    });
  } else if (!b) {
    push("embedDomains", "Embed domains", "", list(after.embedDomains));
  }
  return changes;
}

/**
 * The changed top-level keys, with their raw before/after values (for the audit row).
 * Compared as canonical JSON: stored versions come back from jsonb in its own key order.
 */
export function changedKeys(before: AgentConfigContent, after: AgentConfigContent) {
  const keys = (Object.keys(after) as (keyof AgentConfigContent)[]).filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k]));
  return {
    keys,
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}
