import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionExports, actionFiles, pageFiles, readSource, routeExports, routeFiles } from "../support/entries";

/**
 * Every way into the app is built by lib/entry (decision 020): route handlers, server
 * actions and pages. A new file that is not fails here, unless it is on one of the short
 * lists below, each entry with its reason.
 */

const p = (...parts: string[]) => path.join(...parts);

/** Route files the entry layer does not build. */
const FOREIGN_ROUTES: Record<string, string> = {
  [p("app", "api", "auth", "[...nextauth]", "route.ts")]: "next-auth's own handlers (sign-in callbacks); the gate's limits and cross-site check are in front",
};

/** Pages that nobody needs to be signed in for. */
const PUBLIC_PAGES: Record<string, string> = {
  [p("app", "layout.tsx")]: "the root layout: fonts, theme, nothing private",
  [p("app", "page.tsx")]: "the front door: sends a signed-in user on, anyone else to sign-in",
  [p("app", "(auth)", "layout.tsx")]: "the sign-in pages' frame",
  [p("app", "(auth)", "sign-in", "page.tsx")]: "the sign-in form",
  [p("app", "(auth)", "sign-up", "page.tsx")]: "the sign-up form",
  [p("app", "(auth)", "forgot-password", "page.tsx")]: "asks for an email address",
  [p("app", "(auth)", "reset-password", "page.tsx")]: "the reset token in the link is the authorisation",
  [p("app", "(auth)", "verify-email", "page.tsx")]: "the verification token in the link (and the sign-up cookie or the password) is the authorisation",
  [p("app", "invitations", "accept", "page.tsx")]: "the invitation token is the authorisation",
  [p("app", "dev", "outbox", "page.tsx")]: "development only: loopback requests without SMTP (decision 004)",
  [p("app", "operator-console", "sign-in", "page.tsx")]: "the console's sign-in form (behind the ADMIN_PATH marker)",
};

/** What a page calls to find its caller; each lives in lib/entry. */
const PAGE_ENTRY = /\b(memberPage|workspacePage|sessionPage|staffPage|staffPasswordPage|staffIfSignedIn)\(/;

describe("the entry layer builds every entry point", () => {
  it("finds the app's route files, server-action modules and pages", async () => {
    expect((await routeFiles()).length).toBeGreaterThan(20);
    expect((await actionFiles()).length).toBeGreaterThan(15);
    expect((await pageFiles()).length).toBeGreaterThan(30);
  });

  it("every exported route handler is built by lib/entry, for the method it is exported as", async () => {
    const files = (await routeFiles()).filter((f) => !(f in FOREIGN_ROUTES));
    const exports = await routeExports(files);
    const unbuilt = exports.filter((e) => e.info?.kind !== "route").map((e) => `${e.file} ${e.name}`);
    expect(unbuilt).toEqual([]);
    const mismatched = exports.filter((e) => e.info?.method !== e.name).map((e) => `${e.file} ${e.name} is built for ${e.info?.method}`);
    expect(mismatched).toEqual([]);
    // Every route file exports something the layer built.
    for (const file of files) expect(exports.some((e) => e.file === file), file).toBe(true);
  });

  it("every export of a server-action module is built by lib/entry", async () => {
    const exports = await actionExports();
    expect(exports.length).toBeGreaterThan(40);
    expect(exports.filter((e) => e.info?.kind !== "action").map((e) => `${e.file} ${e.name}`)).toEqual([]);
  });

  it("every page and layout finds its caller through lib/entry, or is on the public list", async () => {
    const missing: string[] = [];
    for (const file of await pageFiles()) {
      if (file in PUBLIC_PAGES) continue;
      const text = await readSource(file);
      if (!PAGE_ENTRY.test(text) || !/from "@\/lib\/entry\//.test(text)) missing.push(file);
    }
    expect(missing).toEqual([]);
  });

  it("the allowlists name files that exist", async () => {
    const routes = await routeFiles();
    const pages = await pageFiles();
    for (const file of Object.keys(FOREIGN_ROUTES)) expect(routes).toContain(file);
    for (const file of Object.keys(PUBLIC_PAGES)) expect(pages).toContain(file);
  });

  it("dashboard entries are member entries; console entries are staff entries", async () => {
    const dashboard = p("app", "(dashboard)");
    const consoleDir = p("app", "operator-console");
    const wrong = [...(await routeExports()), ...(await actionExports())]
      .filter((e) => (e.file.startsWith(dashboard) && e.info?.caller !== "member") || (e.file.startsWith(consoleDir) && !["staff", "public"].includes(e.info?.caller ?? "")))
      .map((e) => `${e.file} ${e.name}: ${e.info?.caller}`);
    expect(wrong).toEqual([]);
  });
});
