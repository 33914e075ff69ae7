/**
 * Whether this process is shutting down (decision 053). Set by `npm start`'s SIGTERM handler
 * and read by `/api/health`, which Next bundles into another copy of this module: so the flag
 * lives on globalThis. Once set, readiness answers 503 at once and a balancer stops sending.
 */
const slot = globalThis as unknown as { __switchboardDraining?: { since: number } };

export function startDraining(now = Date.now()): void {
  slot.__switchboardDraining ??= { since: now };
}

export function isDraining(): boolean {
  return slot.__switchboardDraining !== undefined;
}
