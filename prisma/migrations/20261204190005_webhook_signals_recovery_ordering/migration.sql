-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "ordering_key" VARCHAR(64),
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "disabled_reason" VARCHAR(16),
ADD COLUMN     "exhausted_notified_at" TIMESTAMPTZ(3),
ADD COLUMN     "rate_limit_per_second" INTEGER NOT NULL DEFAULT 50;

-- CreateTable
CREATE TABLE "webhook_recoveries" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_recoveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_rate_windows" (
    "endpoint_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "used" INTEGER NOT NULL,

    CONSTRAINT "webhook_rate_windows_pkey" PRIMARY KEY ("endpoint_id")
);

-- CreateIndex
CREATE INDEX "webhook_recoveries_status_created_at_idx" ON "webhook_recoveries"("status", "created_at");

-- CreateIndex
CREATE INDEX "webhook_recoveries_endpoint_id_created_at_idx" ON "webhook_recoveries"("endpoint_id", "created_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_endpoint_id_ordering_key_seq_idx" ON "webhook_deliveries"("endpoint_id", "ordering_key", "seq");

-- AddForeignKey
ALTER TABLE "webhook_recoveries" ADD CONSTRAINT "webhook_recoveries_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_recoveries" ADD CONSTRAINT "webhook_recoveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_rate_windows" ADD CONSTRAINT "webhook_rate_windows_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Issue 20 (decisions 050, 051): receivers' signals, recovery jobs, per-endpoint rate limits, ordering keys.
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_disabled_reason_check" CHECK ("disabled_reason" IS NULL OR "disabled_reason" IN ('gone', 'failing'));
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_rate_limit_check" CHECK ("rate_limit_per_second" BETWEEN 1 AND 10000);
ALTER TABLE "webhook_recoveries" ADD CONSTRAINT "webhook_recoveries_status_check" CHECK ("status" IN ('queued', 'running', 'completed'));
ALTER TABLE "webhook_recoveries" ADD CONSTRAINT "webhook_recoveries_progress_check" CHECK ("done" >= 0 AND "total" >= 0);

-- The tenant role inserts deliveries (resend) and so draws their seq; it asks for and reads
-- recoveries; the rate windows are the worker's alone (no grant).
GRANT USAGE, SELECT ON SEQUENCE "webhook_deliveries_seq_seq" TO switchboard_tenant;
GRANT SELECT, INSERT ON "webhook_recoveries" TO switchboard_tenant;
ALTER TABLE "webhook_recoveries" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "webhook_recoveries" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
ALTER TABLE "webhook_rate_windows" ENABLE ROW LEVEL SECURITY;
