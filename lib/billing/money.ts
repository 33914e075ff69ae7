/**
 * Money is integer minor units everywhere (cents for USD); only display divides. Client-safe.
 */
export const BILLING_CURRENCY = "usd";

/** Top-up bounds, in minor units of BILLING_CURRENCY: $5.00 to $5,000.00. */
export const TOPUP_MIN_MINOR = 500;
export const TOPUP_MAX_MINOR = 500_000;
export const TOPUP_PRESETS_MINOR = [1_000, 2_500, 5_000, 10_000];

const fractionDigits = (currency: string) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;

/** 123456 "usd" → "$1,234.56"; zero-decimal currencies (JPY) as they are. */
export function formatMoney(amountMinor: number, currency: string = BILLING_CURRENCY): string {
  const code = currency.toUpperCase();
  const digits = fractionDigits(code);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: code, minimumFractionDigits: digits }).format(amountMinor / 10 ** digits);
}

/**
 * An amount typed in major units ("25", "25.5", "1,000.00") → integer minor units, or null
 * when it is not a plain positive amount with at most the currency's decimals.
 */
export function parseMajorAmount(input: string, currency: string = BILLING_CURRENCY): number | null {
  const text = input.trim().replace(/^\$/, "").replace(/,(?=\d{3}(?:\D|$))/g, "");
  const digits = fractionDigits(currency);
  const match = /^(\d{1,9})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || 0);
}
