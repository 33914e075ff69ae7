import "server-only";
import { db } from "../db/client";
import type { PasswordContext } from "./password-context";

/** A user's password context: their name, email and every workspace they belong to. */
export async function passwordContextOf(userId: string): Promise<PasswordContext> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, memberships: { select: { workspace: { select: { name: true, slug: true } } }, take: 50 } },
  });
  return { email: user.email, name: user.name, workspaces: user.memberships.map((m) => m.workspace) };
}
