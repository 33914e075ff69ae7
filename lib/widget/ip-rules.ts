import "server-only";
import { z } from "zod";
import { canonicalCidr } from "../api-keys/ip-allowlist";
import type { Principal } from "../authz/principal";
import { AppError } from "../core/errors";
import { isUuid } from "../core/ids";
import { isUniqueViolation } from "../core/unique-violation";
import { sanitisePlainField } from "../uploads/sanitise-text";
import { forgetIpRules } from "./blocklist";

/**
 * The workspace's persistent IP blocklist and allowlist (SPEC §14): owners and admins
 * (`settings:manage`) list, add (CIDR, note, optional expiry) and remove entries; every
 * change audited. An allow entry wins over any block entry. Automatic entries (24 h) are
 * added by lib/widget/blocklist.ts and removed here like any other.
 */

const TARGET = "ip_access_rule";
export const IP_RULES_MAX = 1_000;
export const IP_RULE_NOTE_MAX = 200;

export interface IpRule {
  id: string;
  kind: "block" | "allow";
  cidr: string;
  note: string;
  expiresAt: Date | null;
  source: "manual" | "automatic";
  createdBy: string;
  createdAt: Date;
}

const SELECT = { id: true, kind: true, cidr: true, note: true, expiresAt: true, source: true, createdBy: true, createdAt: true } as const;
const asRule = (r: { kind: string; source: string } & Omit<IpRule, "kind" | "source">): IpRule => ({ ...r, kind: r.kind as IpRule["kind"], source: r.source as IpRule["source"] });

/** Every entry of the workspace, expired ones included (shown as expired), newest first. */
export async function listIpRules(principal: Principal): Promise<IpRule[]> {
  await principal.require("settings:manage");
  const rows = await principal.data((tx) =>
    tx.ipAccessRule.findMany({ where: { workspaceId: principal.workspace.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: IP_RULES_MAX, select: SELECT }),
  );
  return rows.map(asRule);
}

const addSchema = z.strictObject({
  kind: z.enum(["block", "allow"], { message: "Choose block or allow." }),
  cidr: z
    .string()
    .max(100)
    .transform((v, ctx) => {
      const result = canonicalCidr(v);
      if ("cidr" in result) return result.cidr;
      ctx.addIssue({ code: "custom", message: `Not a valid IP range: ${result.issue}. Use an address (203.0.113.7) or CIDR (203.0.113.0/24, 2001:db8::/32).` });
      return z.NEVER;
    }),
  note: z.string().max(IP_RULE_NOTE_MAX * 4).default("").transform((v) => sanitisePlainField(v)).pipe(z.string().max(IP_RULE_NOTE_MAX, `Use at most ${IP_RULE_NOTE_MAX} characters.`)),
  /** ISO date-time or Date; null/absent: never expires. Must be in the future. */
  // null first: z.coerce.date() would make null the epoch (1970), "in the past".
  expiresAt: z.union([z.null(), z.coerce.date()]).optional(),
});

export type IpRuleInput = z.input<typeof addSchema>;

function parseAdd(input: unknown, now: Date) {
  const parsed = addSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "form", issue: i.message }));
    throw new AppError("VALIDATION_FAILED", details[0]?.issue ?? "The entry is invalid.", { details });
  }
  const { expiresAt } = parsed.data;
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)) {
    throw new AppError("VALIDATION_FAILED", "The expiry must be in the future.", { details: [{ field: "expiresAt", issue: "The expiry must be in the future." }] });
  }
  return { ...parsed.data, expiresAt: expiresAt ?? null };
}

/** Adds a manual entry; the same kind and range twice is CONFLICT. Audited `ip_rule.added`. */
export async function addIpRule(principal: Principal, input: unknown, now = new Date()): Promise<IpRule> {
  await principal.require("settings:manage");
  const rule = parseAdd(input, now);
  try {
    const row = await principal.data(async (tx) => {
      const count = await tx.ipAccessRule.count({ where: { workspaceId: principal.workspace.id } });
      if (count >= IP_RULES_MAX) throw new AppError("CONFLICT", `A workspace has at most ${IP_RULES_MAX} entries. Remove some first.`);
      const created = await tx.ipAccessRule.create({
        data: { workspaceId: principal.workspace.id, ...rule, source: "manual", createdBy: principal.label.slice(0, 254) },
        select: SELECT,
      });
      await principal.audit("ip_rule.added", { type: TARGET, id: created.id, label: `${rule.kind} ${rule.cidr}` }, {
        after: { kind: rule.kind, cidr: rule.cidr, note: rule.note, expires_at: rule.expiresAt?.toISOString() ?? null },
      }, tx);
      return created;
    });
    forgetIpRules(principal.workspace.id);
    return asRule(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `${rule.cidr} is already on the ${rule.kind === "block" ? "blocklist" : "allowlist"}.`, { details: [{ field: "cidr", issue: "exists" }] });
    }
    throw error;
  }
}

/** Removes an entry of this workspace (another workspace's id is NOT_FOUND). Audited `ip_rule.removed`. */
export async function removeIpRule(principal: Principal, id: string): Promise<void> {
  await principal.require("settings:manage");
  await principal.data(async (tx) => {
    const row = isUuid(id) ? await tx.ipAccessRule.findFirst({ where: { id, workspaceId: principal.workspace.id }, select: SELECT }) : null;
    if (!row) throw new AppError("NOT_FOUND", "No such entry.");
    await tx.ipAccessRule.delete({ where: { id: row.id } });
    await principal.audit("ip_rule.removed", { type: TARGET, id: row.id, label: `${row.kind} ${row.cidr}` }, {
      before: { kind: row.kind, cidr: row.cidr, note: row.note, source: row.source, expires_at: row.expiresAt?.toISOString() ?? null },
    }, tx);
  });
  forgetIpRules(principal.workspace.id);
}
