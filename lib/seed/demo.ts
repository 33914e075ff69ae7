import { randomBytes } from "node:crypto";
import { config } from "../config";
import { noteCredential, revealNotedCredentials } from "../config/credentials-file";
import { db } from "../db/client";
import type { Role } from "../db/generated/client";
import { hashPassword } from "../auth/passwords";
import { log } from "../log/logger";
import { seedDemoAgentAndBilling } from "./demo-agent";
import { seedDemoCalls } from "./demo-calls";
import { seedDemoKeys } from "./demo-keys";
import { seedDemoSecure } from "./demo-secure";
import { seedDemoStaff } from "./demo-staff";

export const DEMO_SLUG = "demo";

/** Everything this seeding run generated, under one heading (lib/config/credentials-file.ts). */
function revealDemoCredentials(): void {
  revealNotedCredentials("Demo credentials generated on first start", { dataDir: config().DATA_DIR });
}
export const DEMO_ROLES: Role[] = ["owner", "admin", "developer", "billing", "agent", "viewer"];
export const demoEmail = (role: Role) => `${role}@demo.test`;

/** SPEC §13: the embedded database always gets the demo workspace; PostgreSQL only with SEED_DEMO. */
export const seedsDemoOnStart = (cfg = config()): boolean => cfg.embeddedDatabase || cfg.SEED_DEMO;

/**
 * The demo workspace of SPEC §13: workspace `demo` and one user per role. Idempotent: it
 * creates what is missing and never overwrites what exists, so a restart keeps the data
 * people made (and the password they were shown).
 */
export async function seedDemo(): Promise<{ created: boolean }> {
  const workspace =
    (await db().workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } })) ??
    (await db().workspace.create({ data: { slug: DEMO_SLUG, name: "Demo Workspace" }, select: { id: true } }));
  const existing = await db().user.findMany({ where: { email: { in: DEMO_ROLES.map(demoEmail) } }, select: { email: true } });
  const missing = DEMO_ROLES.filter((r) => !existing.some((u) => u.email === demoEmail(r)));
  if (missing.length === 0) {
    const owner = await db().user.findUniqueOrThrow({ where: { email: demoEmail("owner") }, select: { id: true, email: true } });
    await seedDemoKeys(workspace.id, owner.id);
    await seedDemoAgentAndBilling(workspace.id, owner);
    await seedDemoCalls(workspace.id);
    await seedDemoStaff(config().DEMO_PASSWORD);
    await seedDemoSecure(workspace.id, config().DEMO_PASSWORD);
    revealDemoCredentials();
    return { created: false };
  }

  const configured = config().DEMO_PASSWORD;
  const password = configured ?? randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  for (const role of missing) {
    const user = await db().user.create({ data: { email: demoEmail(role), name: `Demo ${role}`, passwordHash, emailVerifiedAt: new Date() }, select: { id: true } });
    await db().membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
  }
  if (missing.includes("agent")) {
    const agent = await db().membership.findFirstOrThrow({ where: { workspaceId: workspace.id, user: { email: demoEmail("agent") } }, select: { id: true } });
    const group = await db().group.upsert({
      where: { workspaceId_name: { workspaceId: workspace.id, name: "Support desk" } },
      create: { workspaceId: workspace.id, name: "Support desk", color: "teal", description: "Front-line agents who answer customer calls." },
      update: {},
    });
    await db().groupMember.create({ data: { workspaceId: workspace.id, groupId: group.id, membershipId: agent.id } });
  }
  const owner = await db().user.findUniqueOrThrow({ where: { email: demoEmail("owner") }, select: { id: true, email: true } });
  await seedDemoKeys(workspace.id, owner.id);
  await seedDemoAgentAndBilling(workspace.id, owner);
  await seedDemoCalls(workspace.id);
  await seedDemoStaff(password);
  await seedDemoSecure(workspace.id, password);
  log().info({ workspace: DEMO_SLUG, users: missing.length }, "seeded the demo workspace");
  // Generated once; into DATA_DIR's credentials file, on the terminal only when it is one (decision 035).
  if (!configured) noteCredential(`Demo users' password (${missing.map(demoEmail).join(", ")}; set DEMO_PASSWORD to choose it)`, password);
  revealDemoCredentials();
  return { created: true };
}
