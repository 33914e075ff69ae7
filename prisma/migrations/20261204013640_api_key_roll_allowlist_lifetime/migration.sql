-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "allowed_cidrs" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "lifetime_days" INTEGER,
ADD COLUMN     "revoked_reason" VARCHAR(40),
ADD COLUMN     "rolled_at" TIMESTAMPTZ(3),
ADD COLUMN     "rolled_from_id" UUID;

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "max_key_lifetime_days" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_rolled_from_id_key" ON "api_keys"("rolled_from_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rolled_from_id_fkey" FOREIGN KEY ("rolled_from_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Bounds the app also validates (issue 19): the workspace's choices of maximum key lifetime,
-- a key's own lifetime rule, and the size of its IP allowlist.
ALTER TABLE "workspaces"
  ADD CONSTRAINT "workspaces_max_key_lifetime_days_check" CHECK ("max_key_lifetime_days" IN (30, 90, 180, 365));
ALTER TABLE "api_keys"
  ADD CONSTRAINT "api_keys_lifetime_days_check" CHECK ("lifetime_days" BETWEEN 1 AND 3650),
  ADD CONSTRAINT "api_keys_allowed_cidrs_check" CHECK (cardinality("allowed_cidrs") <= 50);
