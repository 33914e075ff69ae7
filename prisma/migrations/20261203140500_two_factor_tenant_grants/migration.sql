-- Two-factor authentication as the tenant role sees it (SPEC §1, decision 028): owners switch
-- the workspace's policy in its scoped transaction, and the Team page and the policy's
-- preview read whether each member has a second factor — never the factor itself.
GRANT UPDATE ("require_two_factor") ON "workspaces" TO switchboard_tenant;
GRANT SELECT ("totp_enabled_at", "email_verified_at") ON "users" TO switchboard_tenant;

-- Passkeys carry no workspace: the tenant role sees those of the workspace's members only,
-- and of them only which member has one and when it was used.
GRANT SELECT ("id", "user_id", "created_at", "last_used_at") ON "passkeys" TO switchboard_tenant;
ALTER TABLE "passkeys" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_members ON "passkeys" TO switchboard_tenant
  USING (EXISTS (SELECT 1 FROM "memberships" m WHERE m."user_id" = "passkeys"."user_id" AND m."workspace_id" = app_workspace_id()));
