-- The authorisation epoch (issue 22 item 5, decision 054): one counter, bumped in the same
-- transaction as any change to what an API key's authentication reads (api_keys, workspaces).
-- A process may keep a verified key in memory only with the epoch it was read at, and uses it
-- only after the epoch is read again, unchanged, in the request's first scoped statement.

-- CreateTable
CREATE TABLE "auth_epochs" (
    "id" SMALLINT NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "auth_epochs_pkey" PRIMARY KEY ("id")
);

INSERT INTO "auth_epochs" ("id", "value") VALUES (1, 0);

-- Read in the tenant transaction's first statement (lib/db/scoped.ts).
GRANT SELECT ON "auth_epochs" TO switchboard_tenant;

-- SECURITY DEFINER: the tenant role changes api_keys (narrowing a creator's keys) but may
-- not write the counter itself.
CREATE FUNCTION bump_auth_epoch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE auth_epochs SET value = value + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

-- Every change but a last-used stamp (written in the background each minute) bumps it; a
-- column added later is covered without touching this list.
CREATE TRIGGER api_keys_auth_epoch_update AFTER UPDATE ON "api_keys" FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
  EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER api_keys_auth_epoch_delete AFTER DELETE OR TRUNCATE ON "api_keys" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER workspaces_auth_epoch_update AFTER UPDATE ON "workspaces" FOR EACH ROW
  WHEN (to_jsonb(OLD) IS DISTINCT FROM to_jsonb(NEW))
  EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER workspaces_auth_epoch_delete AFTER DELETE OR TRUNCATE ON "workspaces" FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
