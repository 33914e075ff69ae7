import { z } from "zod";
import { AppError } from "../core/errors";
import { E164_HINT, parseE164 } from "../phone-numbers/e164";
import { sanitisePlainField } from "../uploads/sanitise-text";
import { parseEmbedDomains } from "./embed-domains";
import { AGENT_LANGUAGES, AGENT_VOICES, EMBED_DOMAINS_MAX, GREETING_MAX, WEEKDAYS, type Weekday } from "./options";

/** What one version of an agent configuration holds (stored whole, as JSON, per version). */
export interface AgentConfigContent {
  greeting: string;
  language: string;
  voice: string;
  timeZone: string;
  /** Active hours per weekday in `timeZone`; null = closed all day. "HH:MM", close after open. */
  hours: Record<Weekday, { open: string; close: string } | null>;
  escalationNumber: string | null;
  embedDomains: string[];
}

const weekday = { open: "09:00", close: "17:00" };

export const DEFAULT_CONTENT: AgentConfigContent = {
  greeting: "Hello, thanks for calling. How can I help you today?",
  language: "en-US",
  voice: "aria",
  timeZone: "UTC",
  hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: null, sun: null },
  escalationNumber: null,
  embedDomains: [],
};

let zones: Set<string> | undefined;
/** The IANA time zones this runtime knows (Intl.supportedValuesOf), plus UTC. */
export function timeZones(): string[] {
  zones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  return [...zones];
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const time = z.string().regex(TIME, "Use a time like 09:00.");
const day = z
  .object({ open: time, close: time })
  .nullable()
  .refine((d) => d === null || d.close > d.open, "Closing time must be after opening time.");

const text = (max: number, message: string) =>
  z.string().max(max * 4).transform((v) => sanitisePlainField(v)).pipe(z.string().min(1, message).max(max, `Use at most ${max} characters.`));

const contentSchema = z.object({
  greeting: text(GREETING_MAX, "Enter a greeting."),
  language: z.enum(AGENT_LANGUAGES.map((l) => l.tag) as [string, ...string[]], { message: "Choose a language from the list." }),
  voice: z.enum(AGENT_VOICES.map((v) => v.id) as [string, ...string[]], { message: "Choose a voice from the list." }),
  timeZone: z.string().max(64).refine((tz) => timeZones().includes(tz), "Choose a time zone from the list."),
  hours: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d.key, day])) as Record<Weekday, typeof day>).strict(),
  escalationNumber: z
    .string()
    .max(32)
    .nullable()
    .transform((v, ctx) => {
      if (v === null || v.trim() === "") return null;
      const number = parseE164(v);
      if (!number) ctx.addIssue({ code: "custom", message: E164_HINT });
      return number;
    }),
  embedDomains: z
    .union([z.string().max(10_000), z.array(z.string().max(300)).max(200)])
    .transform((v, ctx) => {
      const parsed = parseEmbedDomains(Array.isArray(v) ? v.join("\n") : v);
      if ("error" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.domains;
    })
    .pipe(z.array(z.string()).max(EMBED_DOMAINS_MAX, `At most ${EMBED_DOMAINS_MAX} domains.`)),
}).strict();

export type AgentConfigInput = z.input<typeof contentSchema>;

/**
 * Validates and cleans a configuration: text sanitised (SPEC §8) before storage, the
 * language, voice and time zone from their fixed lists, numbers in E.164, domains
 * normalised. Failures are VALIDATION_FAILED with one detail per field ("hours.mon").
 */
export function parseContent(input: unknown): AgentConfigContent {
  const parsed = contentSchema.safeParse(input);
  if (parsed.success) return parsed.data as AgentConfigContent;
  const details = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "form", issue: i.message }));
  throw new AppError("VALIDATION_FAILED", "Some settings need attention.", { details });
}

/** The form's fields → the shape parseContent expects. */
export function contentFromForm(form: FormData): AgentConfigInput {
  const field = (name: string) => String(form.get(name) ?? "");
  return {
    greeting: field("greeting"),
    language: field("language"),
    voice: field("voice"),
    timeZone: field("timeZone"),
    hours: Object.fromEntries(
      WEEKDAYS.map((d) => [d.key, form.get(`hours.${d.key}.active`) === "on" ? { open: field(`hours.${d.key}.open`), close: field(`hours.${d.key}.close`) } : null]),
    ) as AgentConfigInput["hours"],
    escalationNumber: field("escalationNumber"),
    embedDomains: field("embedDomains"),
  };
}
