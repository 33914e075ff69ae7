-- Webhook signature schemes per endpoint and per-workspace Ed25519 signing keys (SPEC §4,
-- issue 20 item 1, decision 049).

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "signature_scheme" VARCHAR(20) NOT NULL DEFAULT 'switchboard';

-- CreateTable
CREATE TABLE "webhook_signing_keys" (
    "kid" VARCHAR(64) NOT NULL,
    "workspace_id" UUID NOT NULL,
    "public_key" VARCHAR(64) NOT NULL,
    "private_key_enc" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retires_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE INDEX "webhook_signing_keys_workspace_id_created_at_idx" ON "webhook_signing_keys"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "webhook_signing_keys" ADD CONSTRAINT "webhook_signing_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The three schemes; text with a CHECK, not an enum (decision 013).
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_signature_scheme_check"
  CHECK ("signature_scheme" IN ('switchboard', 'standard', 'standard-ed25519'));

-- One current (not retiring) key per workspace: two workers creating the first key at once
-- cannot both succeed, the loser reads the winner's.
CREATE UNIQUE INDEX "webhook_signing_keys_one_current" ON "webhook_signing_keys"("workspace_id") WHERE "retires_at" IS NULL;
ALTER TABLE "webhook_signing_keys" ADD CONSTRAINT "webhook_signing_keys_public_key_check" CHECK ("public_key" ~ '^[A-Za-z0-9_-]{43}$');

-- Tenant isolation (decision 008): members rotate through the scoped role (insert the new
-- key, set the old one's retires_at); never DELETE, and the key material never changes.
-- The worker and the public JWKS read across workspaces on the privileged connection.
GRANT SELECT, INSERT ON "webhook_signing_keys" TO switchboard_tenant;
GRANT UPDATE ("retires_at") ON "webhook_signing_keys" TO switchboard_tenant;
ALTER TABLE "webhook_signing_keys" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "webhook_signing_keys" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
