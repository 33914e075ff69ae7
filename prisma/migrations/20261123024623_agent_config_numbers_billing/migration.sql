-- AlterTable
ALTER TABLE "phone_numbers" ADD COLUMN     "agent_configuration_id" UUID;

-- CreateTable
CREATE TABLE "agent_configurations" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "current_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agent_configurations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_configuration_versions" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "configuration_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "restored_from" INTEGER,
    "author_id" UUID,
    "author_label" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_configuration_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_configurations_workspace_id_id_key" ON "agent_configurations"("workspace_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "agent_configurations_workspace_id_name_key" ON "agent_configurations"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "agent_configuration_versions_workspace_id_idx" ON "agent_configuration_versions"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "agent_configuration_versions_configuration_id_version_key" ON "agent_configuration_versions"("configuration_id", "version");

-- CreateIndex
CREATE INDEX "phone_numbers_workspace_id_agent_configuration_id_idx" ON "phone_numbers"("workspace_id", "agent_configuration_id");

-- AddForeignKey
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_workspace_id_agent_configuration_id_fkey" FOREIGN KEY ("workspace_id", "agent_configuration_id") REFERENCES "agent_configurations"("workspace_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_configurations" ADD CONSTRAINT "agent_configurations_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_configuration_versions" ADD CONSTRAINT "agent_configuration_versions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_configuration_versions" ADD CONSTRAINT "agent_configuration_versions_workspace_id_configuration_id_fkey" FOREIGN KEY ("workspace_id", "configuration_id") REFERENCES "agent_configurations"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Sanity of version numbers (issue 9).
ALTER TABLE "agent_configurations" ADD CONSTRAINT "agent_configurations_current_version_check" CHECK ("current_version" >= 1);
ALTER TABLE "agent_configuration_versions" ADD CONSTRAINT "agent_configuration_versions_version_check" CHECK ("version" >= 1 AND ("restored_from" IS NULL OR ("restored_from" >= 1 AND "restored_from" < "version")));

-- Versions are immutable: a restore writes a new version. UPDATE is refused for every role
-- (the tenant role is granted neither UPDATE nor DELETE); rows go only through the cascade
-- of deleting the configuration or the workspace (decision 017).
CREATE OR REPLACE FUNCTION agent_configuration_versions_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'agent_configuration_versions are immutable (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER agent_configuration_versions_immutable
  BEFORE UPDATE ON "agent_configuration_versions"
  FOR EACH ROW EXECUTE FUNCTION agent_configuration_versions_refuse_update();

-- Tenant isolation for the new tables (decision 008).
GRANT SELECT, INSERT, UPDATE, DELETE ON "agent_configurations" TO switchboard_tenant;
GRANT SELECT, INSERT ON "agent_configuration_versions" TO switchboard_tenant;

ALTER TABLE "agent_configurations" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "agent_configurations" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "agent_configuration_versions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "agent_configuration_versions" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
