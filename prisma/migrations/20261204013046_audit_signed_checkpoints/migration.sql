-- CreateTable
CREATE TABLE "audit_signing_keys" (
    "kid" VARCHAR(64) NOT NULL,
    "public_key" VARCHAR(64) NOT NULL,
    "private_key_wrapped" TEXT NOT NULL,
    "provider" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "audit_signed_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "chain_key" VARCHAR(64) NOT NULL,
    "workspace_id" UUID,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "kid" VARCHAR(64) NOT NULL,
    "signature" VARCHAR(128) NOT NULL,

    CONSTRAINT "audit_signed_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_signed_checkpoints_chain_key_seq_key" ON "audit_signed_checkpoints"("chain_key", "seq");

-- AddForeignKey
ALTER TABLE "audit_signed_checkpoints" ADD CONSTRAINT "audit_signed_checkpoints_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Checkpoint signing keys (decision 036) are kept forever: a retired key signs nothing more
-- but stays published, so the checkpoints it signed keep verifying. Only `retired_at` may be
-- set, once; the key material, its id and its dates never change, and no row is removed.
CREATE FUNCTION audit_signing_keys_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.retired_at IS NULL AND NEW.retired_at IS NOT NULL
     AND NEW.kid = OLD.kid AND NEW.public_key = OLD.public_key AND NEW.private_key_wrapped = OLD.private_key_wrapped
     AND NEW.provider = OLD.provider AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_signing_keys: % refused (keys are only ever retired)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_signing_keys_keep
  BEFORE UPDATE OR DELETE ON "audit_signing_keys"
  FOR EACH ROW EXECUTE FUNCTION audit_signing_keys_guard();

CREATE TRIGGER audit_signing_keys_no_truncate
  BEFORE TRUNCATE ON "audit_signing_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_signing_keys_guard();

-- Signed checkpoints are append-only like the chain they sign. A DELETE passes only when the
-- workspace is being erased (decision 017): its row is already gone (the foreign key's
-- cascade) or it is cancelled and past its deletion date by the database's clock.
CREATE FUNCTION audit_signed_checkpoints_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.workspace_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM workspaces w WHERE w.id = OLD.workspace_id
         AND (w.cancelled_at IS NULL OR w.deletion_due_at > now())) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_signed_checkpoints is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_signed_checkpoints_append_only
  BEFORE UPDATE OR DELETE ON "audit_signed_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_signed_checkpoints_refuse_change();

CREATE TRIGGER audit_signed_checkpoints_no_truncate
  BEFORE TRUNCATE ON "audit_signed_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_signed_checkpoints_refuse_change();

-- The tenant role reads its own chain's checkpoints (the API, the export) and the public
-- halves of the keys, which are published anyway; never a wrapped private key.
GRANT SELECT ON "audit_signed_checkpoints" TO switchboard_tenant;
ALTER TABLE "audit_signed_checkpoints" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_signed_checkpoints" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id());
GRANT SELECT ("kid", "public_key", "created_at", "retired_at") ON "audit_signing_keys" TO switchboard_tenant;
