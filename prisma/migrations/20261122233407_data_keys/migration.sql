-- CreateTable
CREATE TABLE "data_keys" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "purpose" VARCHAR(16) NOT NULL,
    "version" INTEGER NOT NULL,
    "provider" VARCHAR(16) NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "data_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "data_keys_workspace_id_purpose_version_key" ON "data_keys"("workspace_id", "purpose", "version");

-- AddForeignKey
ALTER TABLE "data_keys" ADD CONSTRAINT "data_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Wrapped keys are read by the app's key service (login role); the tenant role has no access.
