import { z } from "zod";

/**
 * Evidence streams (SPEC §7, decision 038): where a chain's audit rows and security events are
 * sent. Each kind speaks its receiver's own format; the settings here are the non-secret half
 * of a destination (the secret is sealed separately, see ./secret.ts).
 */
export const STREAM_KINDS = ["https", "splunk", "datadog", "s3"] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export const STREAM_KIND_LABELS: Record<StreamKind, string> = {
  https: "HTTPS (signed JSON lines)",
  splunk: "Splunk HTTP Event Collector",
  datadog: "Datadog logs",
  s3: "S3-compatible storage",
};

/** What a stream carries. `checkpoints` are the signed chain heads, when the deployment signs them. */
export const STREAM_SOURCES = ["audit", "security_events", "checkpoints"] as const;
export type StreamSource = (typeof STREAM_SOURCES)[number];

export const STREAM_SOURCE_LABELS: Record<StreamSource, string> = {
  audit: "Audit log",
  security_events: "Security events",
  checkpoints: "Signed checkpoints",
};

const shortText = (max: number) => z.string().trim().max(max);
/** Splunk index, sourcetype and source names; Datadog service and source names. */
const token = (max: number) => shortText(max).regex(/^[A-Za-z0-9_.:\-]*$/, "Letters, digits and _ . : - only.");

export const splunkSettings = z.strictObject({
  index: token(80).optional(),
  source: token(80).default("switchboard"),
  sourcetype: token(80).default("switchboard:evidence"),
});

export const datadogSettings = z.strictObject({
  service: token(100).default("switchboard"),
  /** Comma-separated `key:value` tags added to every log (`env:prod,team:security`). */
  tags: shortText(500)
    .regex(/^[A-Za-z0-9_.:/\-,]*$/, "Comma-separated key:value tags.")
    .default(""),
});

export const OBJECT_LOCK_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;

export const s3Settings = z
  .strictObject({
    bucket: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "A bucket name: 3–63 lower-case letters, digits, dots and hyphens."),
    region: token(40).min(1).default("us-east-1"),
    accessKeyId: z.string().trim().regex(/^[A-Za-z0-9/+=_-]{8,128}$/, "An access key id."),
    prefix: z
      .string()
      .trim()
      .max(200)
      .regex(/^[A-Za-z0-9_.\-/]*$/, "Letters, digits and _ . - / only.")
      .transform((p) => p.replace(/^\/+|\/+$/g, ""))
      .default("switchboard"),
    forcePathStyle: z.boolean().default(false),
    /** Object Lock retention applied to every object (the bucket must have Object Lock enabled). */
    retentionMode: z.enum(OBJECT_LOCK_MODES).optional(),
    retentionDays: z.number().int().min(1).max(3650).optional(),
  })
  .refine((s) => (s.retentionMode === undefined) === (s.retentionDays === undefined), {
    message: "Object Lock needs both a mode and a number of days.",
    path: ["retentionDays"],
  });

export type SplunkSettings = z.infer<typeof splunkSettings>;
export type DatadogSettings = z.infer<typeof datadogSettings>;
export type S3Settings = z.infer<typeof s3Settings>;
export type StreamSettings = SplunkSettings | DatadogSettings | S3Settings | Record<string, never>;

const url = z.string().trim().min(8).max(2048);
const name = shortText(120).min(1, "Give the destination a name.");
const sources = z.array(z.enum(STREAM_SOURCES)).min(1, "Choose at least one source.").max(STREAM_SOURCES.length);
/** A secret the receiver issued (HEC token, Datadog API key, S3 secret key): never echoed back. */
const issuedSecret = z.string().trim().min(8, "Paste the secret the receiver issued.").max(256).regex(/^[\x21-\x7e]+$/, "Printable characters without spaces.");
const common = {
  name,
  url,
  sources,
  /** "beginning": every retained row first (backfill); "now": only what happens from now on. */
  startFrom: z.enum(["beginning", "now"]).default("beginning"),
};

/** A new destination; `secret` is generated for https (shown once), pasted for the others. */
export const createStreamInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("https"), ...common, settings: z.strictObject({}).default({}) }),
  z.strictObject({ kind: z.literal("splunk"), ...common, secret: issuedSecret, settings: splunkSettings }),
  z.strictObject({ kind: z.literal("datadog"), ...common, secret: issuedSecret, settings: datadogSettings }),
  z.strictObject({ kind: z.literal("s3"), ...common, secret: issuedSecret, settings: s3Settings }),
]);
export type CreateStreamInput = z.input<typeof createStreamInput>;
export type CreateStreamParsed = z.output<typeof createStreamInput>;

/** The settings schema of a kind, to re-check what was stored. */
export function settingsSchemaOf(kind: StreamKind) {
  switch (kind) {
    case "https":
      return z.strictObject({});
    case "splunk":
      return splunkSettings;
    case "datadog":
      return datadogSettings;
    case "s3":
      return s3Settings;
  }
}

export const isStreamKind = (value: string): value is StreamKind => (STREAM_KINDS as readonly string[]).includes(value);
