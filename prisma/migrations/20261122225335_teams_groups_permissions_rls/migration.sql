-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "last_active_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "member_permission_overrides" (
    "workspace_id" UUID NOT NULL,
    "membership_id" UUID NOT NULL,
    "permission" VARCHAR(40) NOT NULL,
    "granted" BOOLEAN NOT NULL,

    CONSTRAINT "member_permission_overrides_pkey" PRIMARY KEY ("membership_id","permission")
);

-- CreateTable
CREATE TABLE "groups" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "color" VARCHAR(16) NOT NULL,
    "description" VARCHAR(280),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_members" (
    "workspace_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "membership_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_members_pkey" PRIMARY KEY ("group_id","membership_id")
);

-- CreateTable
CREATE TABLE "group_permission_overrides" (
    "workspace_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "permission" VARCHAR(40) NOT NULL,
    "granted" BOOLEAN NOT NULL,

    CONSTRAINT "group_permission_overrides_pkey" PRIMARY KEY ("group_id","permission")
);

-- CreateTable
CREATE TABLE "invitations" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "invited_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "member_permission_overrides_workspace_id_idx" ON "member_permission_overrides"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "groups_workspace_id_name_key" ON "groups"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "group_members_membership_id_idx" ON "group_members"("membership_id");

-- CreateIndex
CREATE INDEX "group_members_workspace_id_idx" ON "group_members"("workspace_id");

-- CreateIndex
CREATE INDEX "group_permission_overrides_workspace_id_idx" ON "group_permission_overrides"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");

-- CreateIndex
CREATE INDEX "invitations_workspace_id_created_at_idx" ON "invitations"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "member_permission_overrides" ADD CONSTRAINT "member_permission_overrides_membership_id_fkey" FOREIGN KEY ("membership_id") REFERENCES "memberships"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_membership_id_fkey" FOREIGN KEY ("membership_id") REFERENCES "memberships"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_permission_overrides" ADD CONSTRAINT "group_permission_overrides_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (SPEC §2). Tenant-scoped queries run as `switchboard_tenant` (SET LOCAL
-- ROLE inside the transaction, lib/db/scoped.ts), a role that cannot bypass RLS and sees only
-- the rows of the workspace named by the transaction's `app.workspace_id` setting. A missing
-- setting matches nothing. The login role owns the tables and keeps its own access for
-- authentication and system jobs (README: "Tenant isolation").
DO $$
BEGIN
  CREATE ROLE switchboard_tenant NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
GRANT switchboard_tenant TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO switchboard_tenant;

GRANT SELECT ON "workspaces" TO switchboard_tenant;
GRANT UPDATE ("name", "updated_at") ON "workspaces" TO switchboard_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  "memberships", "member_permission_overrides", "groups", "group_members",
  "group_permission_overrides", "invitations"
TO switchboard_tenant;
GRANT SELECT, INSERT ON "audit_logs", "security_events" TO switchboard_tenant;
GRANT SELECT, INSERT, UPDATE ON "audit_chain_heads" TO switchboard_tenant;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO switchboard_tenant;
-- Members' names and emails, never their password hashes.
GRANT SELECT ("id", "email", "name", "created_at", "last_sign_in_at") ON "users" TO switchboard_tenant;

CREATE FUNCTION app_workspace_id() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.workspace_id', true), '')::uuid $$;

ALTER TABLE "workspaces" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "workspaces" TO switchboard_tenant
  USING ("id" = app_workspace_id()) WITH CHECK ("id" = app_workspace_id());

ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "memberships" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "member_permission_overrides" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "member_permission_overrides" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "groups" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "groups" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "group_members" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "group_members" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "group_permission_overrides" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "group_permission_overrides" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "invitations" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "audit_logs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_logs" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "audit_chain_heads" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_chain_heads" TO switchboard_tenant
  USING ("chain_key" = app_workspace_id()::text) WITH CHECK ("chain_key" = app_workspace_id()::text);

ALTER TABLE "security_events" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "security_events" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

-- Users are visible to the tenant role only as members of the current workspace.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_of_workspace ON "users" TO switchboard_tenant
  USING (EXISTS (SELECT 1 FROM "memberships" m WHERE m."user_id" = "users"."id" AND m."workspace_id" = app_workspace_id()));
