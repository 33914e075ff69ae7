-- Request logs belong to their workspace like every other row it owns: erasing the workspace
-- (SPEC §10, lib/workspaces/deletion.ts) cascades to them, and a row noted in an app's memory
-- before the erasure can no longer be written after it (it was: an orphan with the erased
-- workspace's id, IP and user agent — seen in CI). On the partitioned table the constraint
-- is created on every partition, present and future.

-- Rows such a late write already left behind belong to erased workspaces: they go first (the
-- constraint could not be validated with them, and they should not exist).
DELETE FROM "request_logs" r WHERE NOT EXISTS (SELECT 1 FROM "workspaces" w WHERE w."id" = r."workspace_id");

-- AddForeignKey
ALTER TABLE "request_logs" ADD CONSTRAINT "request_logs_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
