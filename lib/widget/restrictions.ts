import { z } from "zod";
import { canonicalCidr } from "../api-keys/ip-allowlist";
import { AppError } from "../core/errors";
import { sanitisePlainField } from "../uploads/sanitise-text";
import { isCountryCode } from "./countries";

/**
 * What a widget's owner may set (SPEC §14): enabled, mode, bot policy, IP allow/deny lists
 * (CIDR), country allow/deny lists (ISO 3166-1 alpha-2) and the theme. Lists arrive as an
 * array or as text (one per line, or separated by commas or spaces) and are stored
 * normalised, so what the page shows is what is enforced. Embed domains and active hours are
 * the agent configuration's (lib/agent-config/content.ts), not set here.
 */

export const WIDGET_LIST_MAX = 100;

/** The stored columns these settings live in: the management view and the public view both read them. */
export const SETTINGS_COLUMNS = { mode: true, enabled: true, ipAllow: true, ipDeny: true, countryAllow: true, countryDeny: true, botPolicy: true, theme: true } as const;
export const THEME_TITLE_MAX = 60;
export const THEME_GREETING_MAX = 300;
export const BOT_POLICIES = ["refuse", "flag"] as const;
export type BotPolicy = (typeof BOT_POLICIES)[number];

export interface WidgetTheme {
  /** "#rrggbb" */
  accent?: string;
  title?: string;
  /** Overrides the agent's greeting in the widget. */
  greeting?: string;
}

const items = (v: string | string[]) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean);
const listInput = z.union([z.string().max(20_000), z.array(z.string().max(100)).max(WIDGET_LIST_MAX * 2)]);

const cidrList = listInput.transform((v, ctx) => {
  const out = new Set<string>();
  for (const entry of items(v)) {
    const result = canonicalCidr(entry);
    if ("cidr" in result) out.add(result.cidr);
    else ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 60)}" is not a valid IP range: ${result.issue}. Use an address (203.0.113.7) or CIDR (203.0.113.0/24, 2001:db8::/32).` });
  }
  if (out.size > WIDGET_LIST_MAX) ctx.addIssue({ code: "custom", message: `Use at most ${WIDGET_LIST_MAX} ranges.` });
  return [...out].sort();
});

const countryList = listInput.transform((v, ctx) => {
  const out = new Set<string>();
  for (const entry of items(v)) {
    const code = entry.toUpperCase();
    if (isCountryCode(code)) out.add(code);
    else ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 20)}" is not an ISO 3166-1 alpha-2 country code (for example NG, GB, US).` });
  }
  if (out.size > WIDGET_LIST_MAX) ctx.addIssue({ code: "custom", message: `Use at most ${WIDGET_LIST_MAX} countries.` });
  return [...out].sort();
});

const plain = (max: number) =>
  z.string().max(max * 4).transform((v) => sanitisePlainField(v)).pipe(z.string().max(max, `Use at most ${max} characters.`));

export const themeSchema = z
  .strictObject({
    accent: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #1d4ed8.").transform((v) => v.toLowerCase()).optional(),
    title: plain(THEME_TITLE_MAX).optional(),
    greeting: plain(THEME_GREETING_MAX).optional(),
  })
  // Empty strings mean "use the default": they are not stored.
  .transform((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined && v !== "")) as WidgetTheme);

export const widgetUpdateSchema = z.strictObject({
  enabled: z.boolean().optional(),
  mode: z.enum(["live", "test"], { message: "Choose live or test." }).optional(),
  botPolicy: z.enum(BOT_POLICIES, { message: "Choose refuse or flag." }).optional(),
  ipAllow: cidrList.optional(),
  ipDeny: cidrList.optional(),
  countryAllow: countryList.optional(),
  countryDeny: countryList.optional(),
  theme: themeSchema.optional(),
});

export type WidgetUpdateInput = z.input<typeof widgetUpdateSchema>;
export type WidgetUpdate = z.output<typeof widgetUpdateSchema>;

/** Validates a change; VALIDATION_FAILED with one detail per field ("ipDeny", "theme.accent"). */
export function parseWidgetUpdate(input: unknown): WidgetUpdate {
  const parsed = widgetUpdateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "form", issue: i.message }));
  throw new AppError("VALIDATION_FAILED", details[0]?.issue ?? "Some settings need attention.", { details });
}

/** A stored theme (validated when written) → its type; anything else is no theme. */
export function themeOf(json: unknown): WidgetTheme {
  const parsed = themeSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}
