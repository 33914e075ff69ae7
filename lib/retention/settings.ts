import { z } from "zod";
import type { WorkspaceContext } from "../authz/context";
import { AUDIT_MIN_DAYS, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from "./policy";

const days = (min: number) => z.number().int().min(min).max(RETENTION_MAX_DAYS);

/**
 * A workspace's retention periods in days (SPEC §10). The same bounds are CHECK constraints
 * on the workspace row, so a caller that skips this schema is refused by the database too.
 */
export const retentionSettingsSchema = z.object({
  recordingsDays: days(RETENTION_MIN_DAYS),
  transcriptsDays: days(RETENTION_MIN_DAYS),
  webhookLogsDays: days(RETENTION_MIN_DAYS),
  securityEventsDays: days(RETENTION_MIN_DAYS),
  auditDays: days(AUDIT_MIN_DAYS),
});

export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** Partial updates: only the periods given change. */
export const retentionSettingsPatchSchema = retentionSettingsSchema.partial().strict();

const SELECT = {
  retentionRecordingsDays: true,
  retentionTranscriptsDays: true,
  retentionWebhookLogsDays: true,
  retentionSecurityEventsDays: true,
  retentionAuditDays: true,
} as const;

type Row = { [K in keyof typeof SELECT]: number };

const fromRow = (r: Row): RetentionSettings => ({
  recordingsDays: r.retentionRecordingsDays,
  transcriptsDays: r.retentionTranscriptsDays,
  webhookLogsDays: r.retentionWebhookLogsDays,
  securityEventsDays: r.retentionSecurityEventsDays,
  auditDays: r.retentionAuditDays,
});

const toRow = (s: RetentionSettings): Row => ({
  retentionRecordingsDays: s.recordingsDays,
  retentionTranscriptsDays: s.transcriptsDays,
  retentionWebhookLogsDays: s.webhookLogsDays,
  retentionSecurityEventsDays: s.securityEventsDays,
  retentionAuditDays: s.auditDays,
});

export async function getRetentionSettings(ctx: WorkspaceContext): Promise<RetentionSettings> {
  await ctx.require("settings:manage");
  return ctx.data(async (tx) => fromRow(await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: SELECT })));
}

/**
 * Changes some periods; audited with before/after of the periods that changed. Shortening a
 * period takes effect at the next retention run (within the hour). Throws ZodError on
 * input outside the bounds.
 */
export async function setRetentionSettings(ctx: WorkspaceContext, patch: Partial<RetentionSettings>): Promise<RetentionSettings> {
  await ctx.require("settings:manage");
  const changes = retentionSettingsPatchSchema.parse(patch);
  return ctx.data(async (tx) => {
    const before = fromRow(await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: SELECT }));
    const after = retentionSettingsSchema.parse({ ...before, ...changes });
    const changed = (Object.keys(after) as (keyof RetentionSettings)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return before;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: toRow(after) });
    await ctx.audit(
      "settings.retention_changed",
      { type: "workspace", id: ctx.workspace.id, label: ctx.workspace.name },
      { before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
      tx,
    );
    return after;
  });
}
