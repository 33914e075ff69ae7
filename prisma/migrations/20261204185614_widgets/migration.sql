-- The web widget (SPEC §14, issue 21; decisions 046, 047): widgets, their sessions, the
-- workspace's IP block/allow rules, and the channel of a call.

-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "channel" VARCHAR(5) NOT NULL DEFAULT 'phone';

-- CreateTable
CREATE TABLE "widgets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "agent_configuration_id" UUID NOT NULL,
    "public_id" VARCHAR(26) NOT NULL,
    "mode" VARCHAR(4) NOT NULL DEFAULT 'live',
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "ip_allow" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ip_deny" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "country_allow" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "country_deny" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "bot_policy" VARCHAR(6) NOT NULL DEFAULT 'refuse',
    "theme" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "widgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "widget_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "widget_id" UUID NOT NULL,
    "mode" VARCHAR(4) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "ip" VARCHAR(64),
    "country" CHAR(2),
    "bot_flagged" BOOLEAN NOT NULL DEFAULT false,
    "message_count" INTEGER NOT NULL DEFAULT 0,
    "transcript_enc" TEXT,
    "call_id" UUID,

    CONSTRAINT "widget_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ip_access_rules" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "kind" VARCHAR(5) NOT NULL,
    "cidr" VARCHAR(64) NOT NULL,
    "note" VARCHAR(200) NOT NULL DEFAULT '',
    "expires_at" TIMESTAMPTZ(3),
    "source" VARCHAR(9) NOT NULL DEFAULT 'manual',
    "created_by" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ip_access_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "widgets_agent_configuration_id_key" ON "widgets"("agent_configuration_id");

-- CreateIndex
CREATE UNIQUE INDEX "widgets_public_id_key" ON "widgets"("public_id");

-- CreateIndex
CREATE INDEX "widgets_workspace_id_created_at_id_idx" ON "widgets"("workspace_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "widgets_workspace_id_id_key" ON "widgets"("workspace_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "widgets_workspace_id_agent_configuration_id_key" ON "widgets"("workspace_id", "agent_configuration_id");

-- CreateIndex
CREATE INDEX "widget_sessions_workspace_id_widget_id_started_at_idx" ON "widget_sessions"("workspace_id", "widget_id", "started_at");

-- CreateIndex
CREATE INDEX "widget_sessions_last_message_at_idx" ON "widget_sessions"("last_message_at");

-- CreateIndex
CREATE INDEX "ip_access_rules_workspace_id_created_at_idx" ON "ip_access_rules"("workspace_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ip_access_rules_workspace_id_kind_cidr_key" ON "ip_access_rules"("workspace_id", "kind", "cidr");

-- AddForeignKey
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_workspace_id_agent_configuration_id_fkey" FOREIGN KEY ("workspace_id", "agent_configuration_id") REFERENCES "agent_configurations"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_workspace_id_widget_id_fkey" FOREIGN KEY ("workspace_id", "widget_id") REFERENCES "widgets"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_access_rules" ADD CONSTRAINT "ip_access_rules_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Closed value sets (text, not enums: decision 013).
ALTER TABLE "calls" ADD CONSTRAINT "calls_channel_check" CHECK ("channel" IN ('phone', 'web'));
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_mode_check" CHECK ("mode" IN ('live', 'test'));
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_bot_policy_check" CHECK ("bot_policy" IN ('refuse', 'flag'));
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_public_id_check" CHECK ("public_id" ~ '^wgt_[0-9A-Za-z]{22}$');
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_theme_check" CHECK (jsonb_typeof("theme") = 'object');
ALTER TABLE "widget_sessions" ADD CONSTRAINT "widget_sessions_mode_check" CHECK ("mode" IN ('live', 'test'));
ALTER TABLE "ip_access_rules" ADD CONSTRAINT "ip_access_rules_kind_check" CHECK ("kind" IN ('block', 'allow'));
ALTER TABLE "ip_access_rules" ADD CONSTRAINT "ip_access_rules_source_check" CHECK ("source" IN ('manual', 'automatic'));

-- A widget's public id: `wgt_` + 22 base62 characters from gen_random_uuid()'s random bytes.
-- It is public (it sits in the customer's page), so the slight modulo bias is harmless;
-- the unique index catches the (astronomically unlikely) collision.
CREATE OR REPLACE FUNCTION widget_public_id() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  bytes bytea := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
  result text := 'wgt_';
BEGIN
  FOR i IN 0..21 LOOP
    result := result || substr(alphabet, (get_byte(bytes, i) % 62) + 1, 1);
  END LOOP;
  RETURN result;
END;
$$;
ALTER TABLE "widgets" ALTER COLUMN "public_id" SET DEFAULT widget_public_id();

-- Every agent configuration has its widget, however the configuration was created (the
-- configuration page, the demo seed, a test): one trigger, not a call each path must remember.
CREATE OR REPLACE FUNCTION agent_configurations_create_widget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "widgets" ("workspace_id", "agent_configuration_id") VALUES (NEW."workspace_id", NEW."id");
  RETURN NEW;
END;
$$;
CREATE TRIGGER agent_configurations_widget
  AFTER INSERT ON "agent_configurations"
  FOR EACH ROW EXECUTE FUNCTION agent_configurations_create_widget();

-- Backfill: the configurations that exist already.
INSERT INTO "widgets" ("workspace_id", "agent_configuration_id")
  SELECT "workspace_id", "id" FROM "agent_configurations";

-- Tenant isolation for the new tables (decision 008).
GRANT SELECT, INSERT, UPDATE, DELETE ON "widgets" TO switchboard_tenant;
GRANT SELECT, INSERT, UPDATE ON "widget_sessions" TO switchboard_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "ip_access_rules" TO switchboard_tenant;

ALTER TABLE "widgets" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "widgets" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "widget_sessions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "widget_sessions" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "ip_access_rules" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ip_access_rules" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
