-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "deletion_due_at" TIMESTAMPTZ(3);

-- Cancellation (SPEC §10, decision 017): both set or neither, deletion after cancellation.
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_cancellation_check"
  CHECK (("cancelled_at" IS NULL) = ("deletion_due_at" IS NULL) AND ("deletion_due_at" IS NULL OR "deletion_due_at" > "cancelled_at"));

-- The deletion job finds what is due without scanning every workspace.
CREATE INDEX "workspaces_deletion_due_at_idx" ON "workspaces" ("deletion_due_at") WHERE "deletion_due_at" IS NOT NULL;

-- Owners cancel and reactivate through the tenant-scoped layer (RLS keeps it to their row).
GRANT UPDATE ("cancelled_at", "deletion_due_at") ON "workspaces" TO switchboard_tenant;

-- The erasure path (decision 017). A cancelled workspace's audit chain is removed whole when
-- its deletion is due, and only then: DELETE passes when the transaction named this chain in
-- `switchboard.workspace_erasure` AND the workspace row still exists, is cancelled, and its
-- deletion date has passed by the database's own clock. The retention path is unchanged.
CREATE OR REPLACE FUNCTION workspace_erasure_due(chain text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT current_setting('switchboard.workspace_erasure', true) = chain
     AND EXISTS (SELECT 1 FROM workspaces w
                 WHERE w.id::text = chain AND w.cancelled_at IS NOT NULL AND w.deletion_due_at <= now());
$$;

CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('switchboard.audit_retention', true) = 'on'
       AND OLD.occurred_at < now() - interval '30 days'
       AND OLD.seq <= COALESCE((SELECT c.seq FROM audit_checkpoints c WHERE c.chain_key = OLD.chain_key), 0) THEN
      RETURN OLD;
    END IF;
    IF workspace_erasure_due(OLD.chain_key) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_logs is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE FUNCTION audit_checkpoints_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND workspace_erasure_due(OLD.chain_key) THEN
    RETURN OLD;
  END IF;
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
