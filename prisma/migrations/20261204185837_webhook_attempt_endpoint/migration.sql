-- AlterTable
ALTER TABLE "webhook_attempts" ADD COLUMN     "endpoint_id" UUID;

-- CreateIndex
CREATE INDEX "webhook_attempts_endpoint_id_started_at_idx" ON "webhook_attempts"("endpoint_id", "started_at");

-- Every attempt names its delivery's endpoint, whoever inserts it (the worker does not have
-- to remember): delivery health per endpoint (lib/webhooks/health.ts) then reads one range
-- of the index above instead of joining every attempt of the workspace to its delivery.
CREATE FUNCTION webhook_attempts_endpoint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT d.endpoint_id INTO NEW.endpoint_id FROM webhook_deliveries d WHERE d.id = NEW.delivery_id;
  RETURN NEW;
END;
$$;

CREATE TRIGGER webhook_attempts_endpoint BEFORE INSERT ON "webhook_attempts"
  FOR EACH ROW EXECUTE FUNCTION webhook_attempts_endpoint();

-- The attempts already logged (kept 30 days).
UPDATE "webhook_attempts" a SET "endpoint_id" = d."endpoint_id" FROM "webhook_deliveries" d WHERE d."id" = a."delivery_id";
