-- AlterTable
ALTER TABLE "users" ADD COLUMN     "theme" VARCHAR(8);

-- Only the themes the dashboard has (issue 18); null follows the system setting.
ALTER TABLE "users" ADD CONSTRAINT "users_theme_check" CHECK ("theme" IN ('light', 'dark'));
