-- AlterTable
ALTER TABLE "staff_accounts" ADD COLUMN     "totp_last_step" BIGINT,
ADD COLUMN     "totp_secret_wrapped" TEXT;
