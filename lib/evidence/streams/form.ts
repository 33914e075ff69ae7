import type { ActionResult } from "../../forms/form-state";
import { isStreamKind, STREAM_SOURCES, type CreateStreamInput, type StreamSource } from "./kinds";

/** What a create or re-key form gets back: a generated HTTPS signing secret in this answer only. */
export interface StreamSecretResult extends ActionResult {
  secret?: string;
}

/**
 * The dashboard's "Add a destination" form → createStream's input. Field names are the
 * input's paths (`settings.bucket`), so a validation error lands under its own field.
 * Only the chosen kind's settings are read; the rest of the form is ignored.
 */
export function streamInputFromForm(form: FormData): CreateStreamInput {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const optional = (name: string) => text(name) || undefined;
  const kind = text("kind");
  const sources = form.getAll("sources").map(String).filter((s): s is StreamSource => (STREAM_SOURCES as readonly string[]).includes(s));
  const common = { name: text("name"), url: text("url"), sources, startFrom: text("startFrom") === "now" ? ("now" as const) : ("beginning" as const) };
  if (!isStreamKind(kind) || kind === "https") return { kind: "https", ...common };
  const secret = text("secret");
  switch (kind) {
    case "splunk":
      return { kind, ...common, secret, settings: { index: optional("settings.index"), source: optional("settings.source"), sourcetype: optional("settings.sourcetype") } };
    case "datadog":
      return { kind, ...common, secret, settings: { service: optional("settings.service"), tags: optional("settings.tags") } };
    case "s3": {
      const days = text("settings.retentionDays");
      const mode = text("settings.retentionMode");
      return {
        kind,
        ...common,
        secret,
        settings: {
          bucket: text("settings.bucket"),
          region: optional("settings.region"),
          accessKeyId: text("settings.accessKeyId"),
          prefix: optional("settings.prefix"),
          forcePathStyle: form.get("settings.forcePathStyle") === "on",
          ...(mode === "GOVERNANCE" || mode === "COMPLIANCE" ? { retentionMode: mode } : {}),
          ...(days ? { retentionDays: Number(days) } : {}),
        },
      };
    }
  }
}

/** What the form gets back after a refusal: everything typed except the secret. */
export function streamFormValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key === "secret" || key.startsWith("$") || typeof value !== "string") continue;
    values[key] = key === "sources" ? form.getAll("sources").map(String).join(",") : value.slice(0, 2048);
  }
  return values;
}
