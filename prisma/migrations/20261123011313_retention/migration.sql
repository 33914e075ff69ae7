-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "retention_audit_days" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN     "retention_recordings_days" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "retention_security_events_days" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN     "retention_transcripts_days" INTEGER NOT NULL DEFAULT 90,
ADD COLUMN     "retention_webhook_logs_days" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "chain_key" VARCHAR(64) NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("chain_key")
);

-- CreateTable
CREATE TABLE "scheduled_jobs" (
    "name" VARCHAR(40) NOT NULL,
    "last_started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scheduled_jobs_pkey" PRIMARY KEY ("name")
);

-- Retention bounds (SPEC §10, decision 016): 1–3650 days; audit rows are kept at least 30.
ALTER TABLE "workspaces"
  ADD CONSTRAINT "workspaces_retention_recordings_days_check" CHECK ("retention_recordings_days" BETWEEN 1 AND 3650),
  ADD CONSTRAINT "workspaces_retention_transcripts_days_check" CHECK ("retention_transcripts_days" BETWEEN 1 AND 3650),
  ADD CONSTRAINT "workspaces_retention_webhook_logs_days_check" CHECK ("retention_webhook_logs_days" BETWEEN 1 AND 3650),
  ADD CONSTRAINT "workspaces_retention_security_events_days_check" CHECK ("retention_security_events_days" BETWEEN 1 AND 3650),
  ADD CONSTRAINT "workspaces_retention_audit_days_check" CHECK ("retention_audit_days" BETWEEN 30 AND 3650);

GRANT UPDATE (
  "retention_recordings_days", "retention_transcripts_days", "retention_webhook_logs_days",
  "retention_security_events_days", "retention_audit_days"
) ON "workspaces" TO switchboard_tenant;

-- The privileged retention path for the append-only audit log (decision 016). DELETE is
-- allowed only when all of these hold, so a stray or injected DELETE still fails:
--   * the transaction set `switchboard.audit_retention = on` (only lib/retention does);
--   * the row is at or below its chain's checkpoint, which must name an existing row with
--     its exact hash (trigger below): rows go only from the start of a chain, and the chain
--     keeps verifying from the checkpoint;
--   * the row is more than 30 days old by the database's own clock (the lowest retention).
-- UPDATE and TRUNCATE stay refused for everyone.
CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('switchboard.audit_retention', true) = 'on'
       AND OLD.occurred_at < now() - interval '30 days'
       AND OLD.seq <= COALESCE((SELECT c.seq FROM audit_checkpoints c WHERE c.chain_key = OLD.chain_key), 0) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_logs is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Checkpoints only move forward, only on the retention path, and only onto a row that
-- exists with that hash (or the genesis anchor). They are never removed.
CREATE FUNCTION audit_checkpoints_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') OR current_setting('switchboard.audit_retention', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'audit_checkpoints: % refused outside the retention path', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.chain_key <> OLD.chain_key OR NEW.seq < OLD.seq) THEN
    RAISE EXCEPTION 'audit_checkpoints only move forward' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.seq = 0 THEN
    IF NEW.hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'audit_checkpoints: genesis must carry the genesis hash' USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.chain_key = NEW.chain_key AND a.seq = NEW.seq AND a.hash = NEW.hash) THEN
    RAISE EXCEPTION 'audit_checkpoints must name an existing audit row' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER audit_checkpoints_guard
  BEFORE INSERT OR UPDATE OR DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_guard();

CREATE TRIGGER audit_checkpoints_no_truncate
  BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_guard();

GRANT SELECT ON "audit_checkpoints" TO switchboard_tenant;
ALTER TABLE "audit_checkpoints" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_checkpoints" TO switchboard_tenant
  USING ("chain_key" = app_workspace_id()::text);
