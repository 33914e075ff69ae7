-- CreateIndex
CREATE INDEX "security_events_occurred_at_id_idx" ON "security_events"("occurred_at", "id");
