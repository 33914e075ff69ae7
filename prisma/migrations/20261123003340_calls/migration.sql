-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "caller_masking" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "mode" VARCHAR(4) NOT NULL,
    "direction" VARCHAR(8) NOT NULL,
    "status" VARCHAR(9) NOT NULL,
    "caller_token" VARCHAR(64) NOT NULL,
    "caller_display" VARCHAR(32) NOT NULL,
    "caller_number_enc" TEXT,
    "to_number" VARCHAR(16) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "duration_seconds" INTEGER NOT NULL,
    "transcript_enc" TEXT,
    "recording_key" VARCHAR(200),
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "calls_workspace_id_mode_started_at_id_idx" ON "calls"("workspace_id", "mode", "started_at", "id");

-- CreateIndex
CREATE INDEX "calls_workspace_id_mode_caller_token_started_at_id_idx" ON "calls"("workspace_id", "mode", "caller_token", "started_at", "id");

-- CreateIndex
CREATE INDEX "calls_workspace_id_mode_duration_seconds_id_idx" ON "calls"("workspace_id", "mode", "duration_seconds", "id");

-- CreateIndex
CREATE INDEX "calls_workspace_id_mode_status_started_at_id_idx" ON "calls"("workspace_id", "mode", "status", "started_at", "id");

-- CreateIndex
CREATE INDEX "calls_workspace_id_mode_status_duration_seconds_id_idx" ON "calls"("workspace_id", "mode", "status", "duration_seconds", "id");

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Text columns with fixed values. Not enums: enum equality is not leakproof, so under RLS
-- PostgreSQL would not use it in an index condition and every list would scan the whole
-- workspace (decision 013).
ALTER TABLE "calls" ADD CONSTRAINT "calls_mode_check" CHECK ("mode" IN ('live', 'test'));
ALTER TABLE "calls" ADD CONSTRAINT "calls_direction_check" CHECK ("direction" IN ('inbound', 'outbound'));
ALTER TABLE "calls" ADD CONSTRAINT "calls_status_check" CHECK ("status" IN ('completed', 'failed', 'no_answer', 'busy'));

-- Tenant isolation for the new table (decision 008).
GRANT SELECT, INSERT, UPDATE, DELETE ON "calls" TO switchboard_tenant;
GRANT UPDATE ("caller_masking") ON "workspaces" TO switchboard_tenant;

ALTER TABLE "calls" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "calls" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
