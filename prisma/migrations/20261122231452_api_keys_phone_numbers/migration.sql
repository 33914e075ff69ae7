-- CreateEnum
CREATE TYPE "KeyMode" AS ENUM ('live', 'test');

-- CreateEnum
CREATE TYPE "KeyType" AS ENUM ('sk', 'pk');

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "cors_origins" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "type" "KeyType" NOT NULL,
    "mode" "KeyMode" NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "last4" CHAR(4) NOT NULL,
    "scopes" TEXT[],
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phone_numbers" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "number" VARCHAR(16) NOT NULL,
    "label" VARCHAR(80),
    "mode" "KeyMode" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phone_numbers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_workspace_id_created_at_idx" ON "api_keys"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "phone_numbers_workspace_id_mode_created_at_id_idx" ON "phone_numbers"("workspace_id", "mode", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "phone_numbers_workspace_id_mode_number_key" ON "phone_numbers"("workspace_id", "mode", "number");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation for the new tables (decision 008).
GRANT SELECT, INSERT, UPDATE ON "api_keys" TO switchboard_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON "phone_numbers" TO switchboard_tenant;
GRANT UPDATE ("cors_origins") ON "workspaces" TO switchboard_tenant;

ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "api_keys" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());

ALTER TABLE "phone_numbers" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "phone_numbers" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
