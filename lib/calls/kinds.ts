/**
 * The values of a call's text columns (CHECK constraints hold the database to them). They
 * are text, not enums, because enum equality is not leakproof: under row-level security
 * PostgreSQL will not use it in an index condition (decision 013).
 */
export const CALL_DIRECTIONS = ["inbound", "outbound"] as const;
export const CALL_STATUSES = ["completed", "failed", "no_answer", "busy"] as const;
export const CALL_MODES = ["live", "test"] as const;

export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallStatus = (typeof CALL_STATUSES)[number];
export type CallMode = (typeof CALL_MODES)[number];
