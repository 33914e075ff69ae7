/**
 * The fixed choices of an agent configuration (issue 9). Client-safe: the form renders the
 * same lists the server validates against.
 */

/** Languages the agent can speak, as BCP-47 tags (canonical case, as Intl.getCanonicalLocales gives them). */
export const AGENT_LANGUAGES = [
  { tag: "en-US", label: "English (United States)" },
  { tag: "en-GB", label: "English (United Kingdom)" },
  { tag: "en-NG", label: "English (Nigeria)" },
  { tag: "en-IN", label: "English (India)" },
  { tag: "en-KE", label: "English (Kenya)" },
  { tag: "fr-FR", label: "French (France)" },
  { tag: "de-DE", label: "German (Germany)" },
  { tag: "es-ES", label: "Spanish (Spain)" },
  { tag: "es-MX", label: "Spanish (Mexico)" },
  { tag: "pt-BR", label: "Portuguese (Brazil)" },
  { tag: "hi-IN", label: "Hindi (India)" },
  { tag: "sw-KE", label: "Swahili (Kenya)" },
  { tag: "yo-NG", label: "Yoruba (Nigeria)" },
  { tag: "ha-NG", label: "Hausa (Nigeria)" },
  { tag: "ig-NG", label: "Igbo (Nigeria)" },
] as const;

export type AgentLanguage = (typeof AGENT_LANGUAGES)[number]["tag"];

export const AGENT_VOICES = [
  { id: "aria", label: "Aria — warm, mid-range" },
  { id: "kofi", label: "Kofi — calm, low" },
  { id: "mei", label: "Mei — bright, clear" },
  { id: "ravi", label: "Ravi — friendly, measured" },
  { id: "sade", label: "Sade — soft, reassuring" },
  { id: "tom", label: "Tom — crisp, energetic" },
] as const;

export type AgentVoice = (typeof AGENT_VOICES)[number]["id"];

export const WEEKDAYS = [
  { key: "mon", label: "Monday" },
  { key: "tue", label: "Tuesday" },
  { key: "wed", label: "Wednesday" },
  { key: "thu", label: "Thursday" },
  { key: "fri", label: "Friday" },
  { key: "sat", label: "Saturday" },
  { key: "sun", label: "Sunday" },
] as const;

export type Weekday = (typeof WEEKDAYS)[number]["key"];

export const GREETING_MAX = 500;
export const CONFIG_NAME_MAX = 60;
export const EMBED_DOMAINS_MAX = 25;

export const languageLabel = (tag: string) => AGENT_LANGUAGES.find((l) => l.tag === tag)?.label ?? tag;
export const voiceLabel = (id: string) => AGENT_VOICES.find((v) => v.id === id)?.label.split(" — ")[0] ?? id;
