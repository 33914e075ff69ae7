import type { Permission } from "../authz/permissions";

/**
 * Who may take the call log away as a file (decision 012): calls:read to see it, and this
 * permission for the bulk copy — the one that governs how call data is kept (masking,
 * retention). Owners and admins hold it; agents, viewers and developers only when granted.
 */
export const CALL_EXPORT_PERMISSION: Permission = "settings:manage";
