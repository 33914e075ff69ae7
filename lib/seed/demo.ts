import { db } from "../db/client";
import { log } from "../log/logger";

export const DEMO_SLUG = "demo";

/**
 * The demo workspace of SPEC §13. Idempotent: it creates what is missing and never
 * overwrites what exists, so a restart keeps the data people made.
 */
export async function seedDemo(): Promise<{ created: boolean }> {
  const existing = await db().workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (existing) return { created: false };
  await db().workspace.create({ data: { slug: DEMO_SLUG, name: "Demo Workspace" } });
  log().info({ workspace: DEMO_SLUG }, "seeded the demo workspace");
  return { created: true };
}
