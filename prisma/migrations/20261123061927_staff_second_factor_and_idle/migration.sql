-- AlterTable
ALTER TABLE "staff_accounts" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_last_step" BIGINT,
ADD COLUMN     "totp_secret_wrapped" TEXT;
