/**
 * Interactive transactions' limits, unless a caller sets its own (lib/db/scoped.ts), and the
 * pool's bound on waiting for a connection (lib/db/adapter.ts). Under load a request queues
 * for a pooled connection and a short transaction can be starved of CPU: Prisma's defaults
 * (2 s to get a connection, 5 s to finish) failed legitimate requests in the cluster harness
 * (issue 22); its clients wait 30 s.
 */
export const TRANSACTION_DEFAULTS = { maxWait: 10_000, timeout: 10_000 } as const;
