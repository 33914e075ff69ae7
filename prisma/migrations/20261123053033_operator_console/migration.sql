-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspended_reason" VARCHAR(500);

-- CreateTable
CREATE TABLE "staff_accounts" (
    "id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "session_epoch" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_accounts_email_key" ON "staff_accounts"("email");

-- Suspension (SPEC §11, decision 019): a reason always accompanies it, and it is written only
-- by the platform's own connection (no GRANT to switchboard_tenant), so no member can lift it.
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_suspension_check"
  CHECK (("suspended_at" IS NULL) = ("suspended_reason" IS NULL));

-- Staff e-mail addresses are stored lower-cased; the constraint keeps them unique that way.
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_email_lower_check" CHECK ("email" = lower("email"));

-- staff_accounts is platform-only: the tenant role gets no privilege on it (nothing to GRANT).
