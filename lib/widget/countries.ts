/**
 * ISO 3166-1 alpha-2 codes for the widget's country lists. The runtime's region names (CLDR,
 * through Intl.DisplayNames) tell a real code from two random letters; CLDR also names a few
 * codes that are not countries (EU, UN, the exceptionally reserved UK…), which no
 * IP-to-country database returns, so they are refused rather than silently never matching.
 */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "UK", "QO", "XA", "XB", "ZZ", "AC", "CP", "DG", "EA", "IC", "TA"]);

let names: Intl.DisplayNames | undefined;

export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  names ??= new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  const name = names.of(code);
  return !!name && name !== code && name !== "Unknown Region";
}

/** A country's English name for messages and the UI ("NG" → "Nigeria"); the code when unknown. */
export function countryName(code: string): string {
  names ??= new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  return names.of(code) ?? code;
}
