-- CreateTable
CREATE TABLE "evidence_streams" (
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "name" VARCHAR(120) NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secret_enc" TEXT NOT NULL,
    "secret_last4" VARCHAR(4) NOT NULL,
    "sources" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "audit_cursor" BIGINT NOT NULL DEFAULT 0,
    "security_cursor" BIGINT NOT NULL DEFAULT 0,
    "checkpoint_cursor" BIGINT NOT NULL DEFAULT 0,
    "delivered" BIGINT NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "failing_since" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_error_at" TIMESTAMPTZ(3),
    "last_error" VARCHAR(300),
    "stall_notified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "evidence_streams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_stream_attempts" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" UUID,
    "stream_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "events" INTEGER NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "status_code" INTEGER,
    "error" VARCHAR(300),

    CONSTRAINT "evidence_stream_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_streams_workspace_id_created_at_idx" ON "evidence_streams"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "evidence_streams_enabled_next_attempt_at_idx" ON "evidence_streams"("enabled", "next_attempt_at");

-- CreateIndex
CREATE INDEX "evidence_stream_attempts_stream_id_started_at_idx" ON "evidence_stream_attempts"("stream_id", "started_at");

-- AddForeignKey
ALTER TABLE "evidence_streams" ADD CONSTRAINT "evidence_streams_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_stream_attempts" ADD CONSTRAINT "evidence_stream_attempts_stream_id_fkey" FOREIGN KEY ("stream_id") REFERENCES "evidence_streams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fixed values as checked text (decision 013).
ALTER TABLE "evidence_streams" ADD CONSTRAINT "evidence_streams_kind_check" CHECK ("kind" IN ('https', 'splunk', 'datadog', 's3'));
ALTER TABLE "evidence_streams" ADD CONSTRAINT "evidence_streams_sources_check" CHECK ("sources" <@ ARRAY['audit', 'security_events', 'checkpoints']::text[] AND cardinality("sources") > 0);
ALTER TABLE "evidence_stream_attempts" ADD CONSTRAINT "evidence_stream_attempts_source_check" CHECK ("source" IN ('audit', 'security_events', 'checkpoints'));

-- Tenant isolation (decision 008). Owners manage their workspace's streams through the scoped
-- role; the stream job works across workspaces on the privileged connection. Platform streams
-- (workspace_id NULL) are invisible to the tenant role.
GRANT SELECT, INSERT, UPDATE ON "evidence_streams" TO switchboard_tenant;
GRANT SELECT ON "evidence_stream_attempts" TO switchboard_tenant;

ALTER TABLE "evidence_streams" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "evidence_streams" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
ALTER TABLE "evidence_stream_attempts" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "evidence_stream_attempts" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
