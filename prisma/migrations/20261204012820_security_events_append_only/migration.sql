-- AlterTable
ALTER TABLE "security_events" ADD COLUMN     "count" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "request_id" VARCHAR(64),
ADD COLUMN     "user_agent" VARCHAR(512);

-- security_events is append-only like audit_logs (SPEC §7, decision 034): UPDATE and TRUNCATE
-- are refused for everyone, and a DELETE passes only on one of two privileged paths —
--   * retention (lib/retention/run.ts): the transaction set `switchboard.security_retention =
--     on`, and the row is older than its workspace's own retention period by the database's
--     clock (the platform's rows, workspace_id NULL, keep the 90-day default of
--     lib/retention/policy.ts), so a stray or injected DELETE of fresh evidence still fails;
--   * erasure (lib/workspaces/deletion.ts, decision 017): the transaction named the workspace
--     in `switchboard.workspace_erasure` and the workspace is cancelled and past its deletion
--     date by the database's clock (workspace_erasure_due, shared with audit_logs).
-- Coalesced floods are written as one row with `count` when their window closes, never by
-- updating a stored row, so there is no UPDATE path to allow.
CREATE FUNCTION security_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('switchboard.security_retention', true) = 'on'
       AND OLD.occurred_at < now() - make_interval(days => COALESCE(
         (SELECT w.retention_security_events_days FROM workspaces w WHERE w.id = OLD.workspace_id), 90)) THEN
      RETURN OLD;
    END IF;
    IF OLD.workspace_id IS NOT NULL AND workspace_erasure_due(OLD.workspace_id::text) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'security_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER security_events_append_only
  BEFORE UPDATE OR DELETE ON "security_events"
  FOR EACH ROW EXECUTE FUNCTION security_events_refuse_change();

CREATE TRIGGER security_events_no_truncate
  BEFORE TRUNCATE ON "security_events"
  FOR EACH STATEMENT EXECUTE FUNCTION security_events_refuse_change();
