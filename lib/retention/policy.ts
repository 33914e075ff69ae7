/**
 * Retention periods (SPEC §10, decision 016). Per-workspace periods live on the workspace row
 * (retention_*_days, bounded by CHECK constraints with the same bounds as below); the
 * platform's own rows (outbox emails, platform audit chain, security events outside any
 * workspace) use the defaults.
 */
export const RETENTION_DEFAULTS = {
  recordingsDays: 30,
  transcriptsDays: 90,
  webhookLogsDays: 30,
  securityEventsDays: 90,
  auditDays: 90,
} as const;

/** Local outbox emails carry reset links: they are kept a week. */
export const OUTBOX_EMAIL_DAYS = 7;

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 3650;
/** The audit log is evidence: never kept less than this (the database enforces it too). */
export const AUDIT_MIN_DAYS = 30;

export type RetentionPeriods = { [K in keyof typeof RETENTION_DEFAULTS]: number };

export const DAY_MS = 86_400_000;

/** The instant before which rows of a period are expired. */
export const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
