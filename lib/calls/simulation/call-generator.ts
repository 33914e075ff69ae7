import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { CallDirection, CallStatus } from "../kinds";

/**
 * Realistic, reproducible simulated calls: production code — the API's and the dashboard's
 * test calls (lib/calls/test-calls.ts) draw their caller and transcript from it — and the
 * source of the demo seed and the benchmarks' bulk data (lib/seed). Everything is drawn from one
 * seeded PRNG, so the same options give the same calls in the same order (the caller pool,
 * times, statuses, transcripts); ids are not part of a call — whoever stores it makes one.
 * The shape matches `NewCall` (lib/calls/create.ts) apart from `recording` and `simulated`.
 */

export const CALLER_COUNTRIES = ["NG", "GB", "US", "IN", "KE", "DE", "BR", "FR"] as const;
export type CallerCountry = (typeof CALLER_COUNTRIES)[number];

/** A valid number (libphonenumber-js "max" metadata) used when a workspace has none in the mode. */
export const FALLBACK_TO_NUMBER = "+442079460000";

export interface GeneratedCall {
  direction: CallDirection;
  status: CallStatus;
  /** The outside party in E.164 (the caller for inbound calls, the callee for outbound ones). */
  caller: string;
  callerCountry: CallerCountry;
  /** The workspace's own number. */
  toNumber: string;
  startedAt: Date;
  /** startedAt + durationSeconds. */
  endedAt: Date;
  durationSeconds: number;
  /** A few lines of dialogue for a share of completed calls, otherwise null. */
  transcript: string | null;
}

export interface GeneratedCaller {
  e164: string;
  country: CallerCountry;
  /** The national significant number: the digits after the country calling code. */
  nationalNumber: string;
}

export interface CallGeneratorOptions {
  /** How many calls will be drawn: sizes the pool of distinct callers (about one per 8 calls). */
  count: number;
  /** The workspace's numbers in the mode (E.164); empty → FALLBACK_TO_NUMBER. */
  toNumbers?: readonly string[];
  /** PRNG seed; default 1. */
  seed?: number;
  /** Calls start within the last `days` days before `now`; default 365. */
  days?: number;
  now?: Date;
  /** Share (0–1) of completed calls that get a transcript; default 1. */
  transcriptShare?: number;
}

export interface CallGenerator {
  /** The distinct callers calls are drawn from (the first few are heavy repeat callers). */
  readonly callers: readonly GeneratedCaller[];
  next(): GeneratedCall;
}

/** mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => {
  // random() < 1: only an empty list has no item at the drawn index.
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick: no items to choose from");
  return item;
};
const digits = (random: Random, n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
  return s;
};

/** Sampler over weighted items. */
function weighted<T>(entries: readonly (readonly [T, number])[]): (random: Random) => T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let acc = 0;
  const edges = entries.map(([, w]) => (acc += w / total));
  return (random) => {
    const u = random();
    const i = edges.findIndex((edge) => u < edge);
    // Past the last edge (rounding): the last entry.
    const entry = i === -1 ? entries.at(-1) : entries[i];
    if (!entry) throw new Error("weighted: no entries to choose from");
    return entry[0];
  };
}

/**
 * National-number shapes per country: [leading digits, random digits to append]. Mostly
 * mobile ranges plus a few big-city landlines; every draw is checked with isValid().
 */
const NUMBER_SHAPES: Record<CallerCountry, { code: string; shapes: readonly (readonly [readonly string[], number])[] }> = {
  NG: { code: "234", shapes: [[["803", "806", "813", "816", "810", "814", "903", "906", "703", "706", "805", "807", "815", "905", "802", "808", "812", "701", "708", "902", "809", "817", "818", "909"], 7]] },
  GB: { code: "44", shapes: [[["74", "75", "77", "78", "79"], 8], [["203", "207", "208"], 7], [["161", "121", "113"], 7]] },
  US: { code: "1", shapes: [[["212", "646", "917", "415", "510", "312", "617", "206", "305", "512", "404", "713", "303", "602"], 7]] },
  IN: { code: "91", shapes: [[["98", "99", "97", "96", "95", "94", "93", "91", "90", "88", "87", "86", "84", "81", "80", "79", "78", "77", "76", "75", "74", "73", "70", "63", "62"], 8]] },
  KE: { code: "254", shapes: [[["70", "71", "72", "74", "79", "11"], 7]] },
  DE: { code: "49", shapes: [[["151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "177", "178", "179"], 8], [["30", "89", "40"], 8]] },
  BR: { code: "55", shapes: [[["119", "219", "319", "419", "519", "619", "719", "819", "859", "199"], 8]] },
  FR: { code: "33", shapes: [[["6", "7"], 8], [["1"], 8]] },
};

const drawCountry = weighted<CallerCountry>([
  ["NG", 28],
  ["GB", 20],
  ["US", 15],
  ["IN", 11],
  ["KE", 9],
  ["DE", 6],
  ["BR", 6],
  ["FR", 5],
]);

function drawCaller(random: Random, country: CallerCountry): GeneratedCaller {
  const { code, shapes } = NUMBER_SHAPES[country];
  for (;;) {
    const [leads, rest] = pick(random, shapes);
    let national = pick(random, leads) + digits(random, rest);
    // North American exchanges never start with 0 or 1.
    if (country === "US") national = national.slice(0, 3) + (2 + Math.floor(random() * 8)) + national.slice(4);
    const parsed = parsePhoneNumberFromString(`+${code}${national}`);
    if (parsed?.isValid() && parsed.country === country) return { e164: parsed.number, country, nationalNumber: parsed.nationalNumber };
  }
}

/** A pool of distinct valid callers, spread over the countries by weight. */
export function generateCallers(count: number, seed = 1): GeneratedCaller[] {
  const random = seededRandom(seed ^ 0x5eed);
  const seen = new Set<string>();
  const callers: GeneratedCaller[] = [];
  while (callers.length < count) {
    const caller = drawCaller(random, drawCountry(random));
    if (!seen.has(caller.e164)) {
      seen.add(caller.e164);
      callers.push(caller);
    }
  }
  return callers;
}

const drawStatus = weighted<CallStatus>([
  ["completed", 78],
  ["no_answer", 10],
  ["failed", 7],
  ["busy", 5],
]);

// Hour-of-day weights (UTC): the working day carries most calls, nights a trickle.
const drawHour = weighted<number>([1, 1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 8, 9, 10, 10, 9, 7, 4, 3, 2, 2, 1, 1].map((w, hour) => [hour, w] as const));
const WEEKDAY_WEIGHT = [0.3, 1, 1, 1, 1, 0.95, 0.45]; // Sunday … Saturday

const DAY_MS = 86_400_000;

// Transcript templates: short dialogues with slots. No slot holds more than three digits,
// so a transcript can never look like a phone number.
const INBOUND_DIALOGUES: readonly (readonly string[])[] = [
  ["Agent: Thanks for calling {company}, this is {agent}. How can I help?", "Caller: Hi, I was charged twice for my {plan} plan this month.", "Agent: I'm sorry about that. I can see the duplicate charge and I've refunded it now.", "Caller: Great, how long will that take?", "Agent: Three to five working days. Anything else I can help with?", "Caller: No, that's all. Thank you."],
  ["Agent: {company} support, {agent} speaking.", "Caller: Hello, my order {ref} hasn't arrived yet.", "Agent: Let me check. It left our warehouse on {day} and should be with you by {time} tomorrow.", "Caller: Okay, can I get a text when it's out for delivery?", "Agent: Done, you'll get a message in the morning."],
  ["Agent: Good {part}, {company}. You're through to {agent}.", "Caller: I'd like to book an appointment for {day}.", "Agent: I have {time} or half past four free. Which suits you?", "Caller: {time} works.", "Agent: Booked. You'll get a confirmation by email shortly."],
  ["Agent: Hello, {company} helpdesk, this is {agent}.", "Caller: I can't sign in to my account, it says my password is wrong.", "Agent: I've sent a reset link to the email on your account. It's valid for one hour.", "Caller: Got it, I'm in now. Thanks!"],
  ["Agent: {company}, {agent} here. How can I help?", "Caller: I'm interested in the {plan} plan for my team of {small} people.", "Agent: Happy to help. That plan includes call logs, webhooks and role-based access.", "Caller: Could you send me a quote?", "Agent: Of course, I'll email it over today."],
  ["Agent: Thank you for calling {company}, you're speaking with {agent}.", "Caller: The app keeps crashing when I open my call history.", "Agent: Sorry to hear that. Which version are you on?", "Caller: I updated it on {day}.", "Agent: A fix went out this morning; please update again and let us know if it persists.", "Caller: Will do, thanks."],
  ["Agent: {company}, good {part}.", "Caller: Hi, I'd like to cancel my {plan} subscription.", "Agent: I can help with that. May I ask why you're leaving?", "Caller: We're moving to a different provider.", "Agent: Understood. Your plan stays active until the end of the billing period."],
];

const OUTBOUND_DIALOGUES: readonly (readonly string[])[] = [
  ["Agent: Hello, this is {agent} calling from {company} about your appointment on {day}.", "Caller: Oh yes, is everything still on?", "Agent: It is, at {time}. I'm just confirming you can make it.", "Caller: Yes, I'll be there.", "Agent: Perfect, see you then."],
  ["Agent: Hi, it's {agent} from {company}. You asked us to call back about your {plan} plan.", "Caller: Thanks for calling. I wanted to know about upgrading.", "Agent: Upgrading keeps your data and adds {small} more seats. Shall I switch you over?", "Caller: Yes please."],
  ["Agent: Good {part}, {agent} from {company}. Following up on ticket {ref}.", "Caller: Hi, yes, the problem is fixed now.", "Agent: Glad to hear it. I'll close the ticket then.", "Caller: Thanks for checking in."],
];

const SLOTS: Record<string, readonly string[]> = {
  company: ["Acme Telecom", "BrightPath", "Northwind Health", "Lagos Logistics", "Kite Insurance", "Harbour Bank"],
  agent: ["Amara", "James", "Priya", "Wanjiru", "Lukas", "Camila", "Chloe", "Tunde", "Sofia", "Daniel"],
  plan: ["Starter", "Growth", "Business", "Enterprise"],
  day: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  time: ["nine o'clock", "half past ten", "noon", "two o'clock", "a quarter past three"],
  part: ["morning", "afternoon"],
  small: ["5", "8", "12", "20", "35"],
};

function slotValues(slot: string): readonly string[] {
  const values = SLOTS[slot];
  if (!values) throw new Error(`dialogue slot {${slot}} has no values`);
  return values;
}

function drawTranscript(random: Random, direction: CallDirection): string {
  const dialogue = pick(random, direction === "inbound" ? INBOUND_DIALOGUES : OUTBOUND_DIALOGUES);
  // One value per slot per call, so "{time}" means the same time on every line.
  const chosen = new Map<string, string>();
  const letter = () => String.fromCharCode(65 + Math.floor(random() * 26));
  const value = (slot: string) => {
    let text = chosen.get(slot);
    if (text === undefined) {
      text = slot === "ref" ? `${letter()}${letter()}-${Math.floor(random() * 1000)}` : pick(random, slotValues(slot));
      chosen.set(slot, text);
    }
    return text;
  };
  return dialogue
    .map((line) => line.replace(/\{(\w+)\}/g, (_, slot: string) => value(slot)).replace(/^(\w+: )(\w)/, (_, who: string, first: string) => who + first.toUpperCase()))
    .join("\n");
}

export function createCallGenerator(options: CallGeneratorOptions): CallGenerator {
  const seed = options.seed ?? 1;
  const days = Math.max(1, options.days ?? 365);
  const now = (options.now ?? new Date()).getTime();
  const transcriptShare = options.transcriptShare ?? 1;
  const toNumbers = options.toNumbers && options.toNumbers.length > 0 ? [...options.toNumbers] : [FALLBACK_TO_NUMBER];
  const callers = generateCallers(Math.max(20, Math.round(options.count / 8)), seed);
  // A handful of heavy repeat callers take 10 % of calls; the rest follow a long tail
  // where low pool indexes call more often than high ones (many one-off callers).
  const heavy = Math.max(3, Math.ceil(callers.length / 1000));
  const random = seededRandom(seed);
  const firstDay = Math.floor((now - days * DAY_MS) / DAY_MS);

  const drawCallerIndex = () => (random() < 0.1 ? Math.floor(random() * heavy) : Math.floor(callers.length * random() ** 2.2));

  const drawStart = (): number => {
    for (;;) {
      const dayOffset = Math.floor(random() * (days + 1));
      const dayStart = (firstDay + dayOffset) * DAY_MS;
      // Weekends are quieter and the business grows: recent days carry more calls.
      const keep = WEEKDAY_WEIGHT[new Date(dayStart).getUTCDay()]! * (0.6 + (0.4 * dayOffset) / days); // getUTCDay(): 0…6
      if (random() >= keep) continue;
      const at = dayStart + drawHour(random) * 3_600_000 + Math.floor(random() * 3_600_000);
      if (at <= now && at > now - days * DAY_MS) return at;
    }
  };

  const drawDuration = (status: CallStatus): number => {
    if (status === "completed") {
      // Log-normal around a 3-minute median (Box–Muller for the normal draw).
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.min(5400, Math.max(8, Math.round(Math.exp(Math.log(180) + 0.9 * normal))));
    }
    return status === "failed" ? Math.floor(random() * 20) : 0;
  };

  return {
    callers,
    next(): GeneratedCall {
      const caller = callers[drawCallerIndex()];
      // Both draws stay below callers.length (at least 20; heavy is 3 or a thousandth of it).
      if (!caller) throw new Error("call generator drew a caller outside the pool");
      const direction: CallDirection = random() < 0.85 ? "inbound" : "outbound";
      const status = drawStatus(random);
      const startedAt = drawStart();
      const durationSeconds = drawDuration(status);
      const withTranscript = random() < transcriptShare;
      return {
        direction,
        status,
        caller: caller.e164,
        callerCountry: caller.country,
        toNumber: pick(random, toNumbers),
        startedAt: new Date(startedAt),
        endedAt: new Date(startedAt + durationSeconds * 1000),
        durationSeconds,
        transcript: status === "completed" && withTranscript ? drawTranscript(random, direction) : null,
      };
    },
  };
}
