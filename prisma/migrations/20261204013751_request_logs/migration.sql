-- API request logs (SPEC §3, §10; issue 19; decision 043).

-- Retention of request logs, per workspace: a year by default, bounded like the others.
ALTER TABLE "workspaces" ADD COLUMN     "retention_request_logs_days" INTEGER NOT NULL DEFAULT 365;
ALTER TABLE "workspaces"
  ADD CONSTRAINT "workspaces_retention_request_logs_days_check" CHECK ("retention_request_logs_days" BETWEEN 1 AND 3650);
GRANT UPDATE ("retention_request_logs_days") ON "workspaces" TO switchboard_tenant;

-- One row per /api/v1 request, partitioned by month on occurred_at. The job runner creates
-- each month's partition ahead (lib/request-logs/partitions.ts); retention drops whole
-- partitions once every workspace's retention has passed them. The default partition only
-- catches a row no monthly partition covers yet, so none is ever lost.
CREATE TABLE "request_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" VARCHAR(64) NOT NULL,
    "method" VARCHAR(8) NOT NULL,
    "route" VARCHAR(120) NOT NULL,
    "path" VARCHAR(300) NOT NULL,
    "status" SMALLINT NOT NULL,
    "error_code" VARCHAR(32),
    "duration_ms" REAL NOT NULL,
    "key_id" UUID NOT NULL,
    "key_display" VARCHAR(40) NOT NULL,
    "mode" "KeyMode" NOT NULL,
    "permission" VARCHAR(40) NOT NULL,
    "ip" VARCHAR(64),
    "user_agent" VARCHAR(300),
    "response_bytes" INTEGER,

    CONSTRAINT "request_logs_pkey" PRIMARY KEY ("workspace_id","occurred_at","id")
) PARTITION BY RANGE ("occurred_at");

CREATE TABLE "request_logs_default" PARTITION OF "request_logs" DEFAULT;

-- CreateIndex
CREATE INDEX "request_logs_workspace_id_request_id_idx" ON "request_logs"("workspace_id", "request_id");

-- CreateIndex
CREATE INDEX "request_logs_workspace_id_key_id_occurred_at_idx" ON "request_logs"("workspace_id", "key_id", "occurred_at");

-- Members read their workspace's requests; only the app's writer adds them.
GRANT SELECT ON "request_logs" TO switchboard_tenant;
ALTER TABLE "request_logs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "request_logs" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id());
