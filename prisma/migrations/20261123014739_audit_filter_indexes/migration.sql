-- CreateIndex
CREATE INDEX "audit_logs_chain_key_target_type_target_id_seq_idx" ON "audit_logs"("chain_key", "target_type", "target_id", "seq");

-- CreateIndex
CREATE INDEX "audit_logs_chain_key_actor_label_seq_idx" ON "audit_logs"("chain_key", "actor_label", "seq");

-- CreateIndex
CREATE INDEX "audit_logs_chain_key_actor_id_seq_idx" ON "audit_logs"("chain_key", "actor_id", "seq");
