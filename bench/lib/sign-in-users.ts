import { db } from "../../lib/db/client";

/** A verified user who owns a workspace named after the address, for sign-in benchmarks. */
export async function benchOwner(email: string, passwordHash: string) {
  const user = await db().user.create({ data: { email, name: "Bench", passwordHash, emailVerifiedAt: new Date() } });
  const workspace = await db().workspace.create({ data: { slug: email.split("@")[0]!, name: "Bench" } });
  await db().membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });
  return user;
}
