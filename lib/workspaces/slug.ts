import { randomBytes } from "node:crypto";
import { db } from "../db/client";

/** Top-level paths of the app: a workspace may not be called any of these. */
export const RESERVED_SLUGS = new Set([
  "account", "admin", "api", "app", "dev", "docs", "forgot-password", "help", "login", "logout", "new",
  "ops", "reset-password", "settings", "sign-in", "sign-out", "sign-up", "signin", "signup", "static",
  "status", "support", "switchboard", "_next", "invitations", "invite", "security", "billing", "verify-email",
]);

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

export async function uniqueWorkspaceSlug(name: string): Promise<string> {
  const base = slugify(name) || "workspace";
  const candidates = [base, ...Array.from({ length: 5 }, () => `${base}-${randomBytes(3).toString("hex")}`)];
  for (const slug of candidates) {
    if (RESERVED_SLUGS.has(slug) || slug.length < 2) continue;
    const taken = await db().workspace.findUnique({ where: { slug }, select: { id: true } });
    if (!taken) return slug;
  }
  return `workspace-${randomBytes(6).toString("hex")}`;
}
