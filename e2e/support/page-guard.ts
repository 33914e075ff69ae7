import { expect, type Page } from "@playwright/test";

/**
 * Records console errors, page errors and CSP violations of a page; `assertClean` fails the
 * test on any of them. The listener is added through the DevTools protocol, so the page's
 * own CSP does not apply to it.
 */
export async function guardPage(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.exposeFunction("__reportCspViolation", (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return {
    problems,
    assertClean: (allow: RegExp[] = []) =>
      expect(problems.filter((p) => !allow.some((a) => a.test(p)))).toEqual([]),
  };
}
