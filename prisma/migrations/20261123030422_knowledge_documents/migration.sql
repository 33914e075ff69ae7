-- CreateTable
CREATE TABLE "knowledge_documents" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "mime" VARCHAR(100) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "source" VARCHAR(8) NOT NULL,
    "source_url" VARCHAR(2048),
    "status" VARCHAR(16) NOT NULL,
    "scan_status" VARCHAR(16) NOT NULL,
    "scan_signature" VARCHAR(200),
    "object_key" VARCHAR(200) NOT NULL,
    "text_enc" TEXT,
    "text_chars" INTEGER NOT NULL DEFAULT 0,
    "created_by" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "knowledge_documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "knowledge_documents_workspace_id_created_at_id_idx" ON "knowledge_documents"("workspace_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "knowledge_documents" ADD CONSTRAINT "knowledge_documents_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Closed vocabularies as checked text, not enums (decision 013: enum equality is not
-- leakproof, so an index on it is useless under RLS).
ALTER TABLE "knowledge_documents"
  ADD CONSTRAINT "knowledge_documents_kind_check" CHECK ("kind" IN ('pdf', 'text', 'markdown', 'docx', 'csv')),
  ADD CONSTRAINT "knowledge_documents_source_check" CHECK ("source" IN ('upload', 'url')),
  ADD CONSTRAINT "knowledge_documents_status_check" CHECK ("status" IN ('ready', 'quarantined')),
  ADD CONSTRAINT "knowledge_documents_scan_status_check" CHECK ("scan_status" IN ('clean', 'infected', 'not_scanned')),
  ADD CONSTRAINT "knowledge_documents_size_check" CHECK ("size_bytes" > 0);

GRANT SELECT, INSERT, DELETE ON "knowledge_documents" TO switchboard_tenant;
ALTER TABLE "knowledge_documents" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "knowledge_documents" TO switchboard_tenant
  USING ("workspace_id" = app_workspace_id()) WITH CHECK ("workspace_id" = app_workspace_id());
