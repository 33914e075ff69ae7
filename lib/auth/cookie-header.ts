/**
 * One cookie's value from a request's Cookie header (the first of that name), for code that
 * sees only headers: next-auth's authorize, the sign-in over an existing session.
 */
export function cookieValue(header: string | string[] | undefined | null, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join("; ") : (header ?? "");
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
