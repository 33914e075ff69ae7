import { hashPassword } from "@/lib/auth/passwords";
import { db } from "@/lib/db/client";

export const GOOD_PASSWORD = "correct horse battery staple 42";

let cachedHash: Promise<string> | undefined;

/** A user with GOOD_PASSWORD and (optionally) a workspace membership. */
export async function createUser(email: string, options: { workspaceSlug?: string; role?: "owner" | "admin" | "agent" } = {}) {
  cachedHash ??= hashPassword(GOOD_PASSWORD);
  const user = await db().user.create({ data: { email, name: email.split("@")[0] ?? email, passwordHash: await cachedHash, emailVerifiedAt: new Date() } });
  if (options.workspaceSlug) {
    const workspace = await db().workspace.upsert({
      where: { slug: options.workspaceSlug },
      create: { slug: options.workspaceSlug, name: options.workspaceSlug },
      update: {},
    });
    await db().membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: options.role ?? "owner" } });
  }
  return user;
}

export const client = { ip: "203.0.113.10", userAgent: "vitest", requestId: "req_test" };
