import "server-only";
import { config } from "../../../config";
import type { DatadogSettings } from "../kinds";
import { postToReceiver, withDefaultPath } from "./post";
import type { Sink } from "./types";

export const DATADOG_LOGS_PATH = "/api/v2/logs";
/** The intake's limits: 1,000 entries and 5 MB a payload (batches stay below both). */
export const DATADOG_MAX_ENTRIES = 1000;

/**
 * Datadog logs intake (decision 038): `POST /api/v2/logs` with `DD-API-KEY`, a JSON array of
 * `{ddsource, ddtags, hostname, service, message}`; `message` is the record's JSON, so
 * Datadog's JSON parsing makes its fields facets. The intake answers 202.
 */
export const sendDatadog: Sink = (target, batch, ctx) => {
  const settings = target.settings as DatadogSettings;
  const hostname = new URL(config().APP_URL).hostname;
  const extra = (settings.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  const body = JSON.stringify(
    batch.records.map((r) => ({
      ddsource: "switchboard",
      ddtags: [`source:${r.source}`, `chain:${String(r.body.chain)}`, ...extra].join(","),
      hostname,
      service: settings.service ?? "switchboard",
      message: JSON.stringify(r.body),
    })),
  );
  return postToReceiver(
    target,
    withDefaultPath(target.url, DATADOG_LOGS_PATH),
    { headers: { "content-type": "application/json", "dd-api-key": target.secret, "user-agent": "Switchboard-Evidence/1" }, body },
    ctx,
  );
};
