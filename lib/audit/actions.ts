/** Every audited action, by name. Add here first; the UI and filters read this list. */
export const AUDIT_ACTIONS = [
  "user.signed_up",
  "user.signed_in",
  "user.signed_out",
  "user.password_changed",
  "user.password_reset_requested",
  "user.password_reset",
  "user.step_up",
  "session.revoked",
  "session.revoked_all_others",
  "workspace.created",
  "member.invited",
  "member.invitation_revoked",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.permission_changed",
  "group.created",
  "group.updated",
  "group.deleted",
  "group.member_added",
  "group.member_removed",
  "group.permission_changed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
