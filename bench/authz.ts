import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { authorizeMember } from "../lib/authz/context";
import { PERMISSIONS } from "../lib/authz/permissions";
import { ROLES } from "../lib/authz/roles";
import { db } from "../lib/db/client";
import { createTestDatabase } from "../test/support/database";
import { itemAt } from "./lib/item-at";
import { summarise } from "./lib/stats";

/**
 * The per-request authorisation cost in a workspace of 1,000 members and 50 groups: resolve
 * the member (slug → membership), load role + group + own overrides in the RLS-scoped
 * transaction, compute effective permissions, then one scoped query (a page of 50 members).
 * Target: under 2 ms. PGlite in memory, or PostgreSQL with TEST_DATABASE_URL.
 */
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "sb-bench-"));
process.env.LOG_LEVEL = "silent";
const database = await createTestDatabase();
const where = database.kind === "postgresql" ? "PostgreSQL" : "PGlite (in memory)";
const MEMBERS = 1000;
const GROUPS = 50;

try {
  const workspace = await db().workspace.create({ data: { slug: "big", name: "Big" } });
  const users = Array.from({ length: MEMBERS }, (_, i) => ({ email: `m${i}@big.test`, name: `Member ${i}`, passwordHash: "x" }));
  await db().user.createMany({ data: users });
  const userRows = await db().user.findMany({ select: { id: true, email: true, name: true }, orderBy: { email: "asc" } });
  await db().membership.createMany({
    data: userRows.map((u, i) => ({ workspaceId: workspace.id, userId: u.id, role: itemAt(ROLES, i % ROLES.length, "role") })),
  });
  const memberships = await db().membership.findMany({ where: { workspaceId: workspace.id }, select: { id: true, userId: true } });
  for (let g = 0; g < GROUPS; g++) {
    const group = await db().group.create({ data: { workspaceId: workspace.id, name: `Group ${g}`, color: "blue" } });
    await db().groupPermissionOverride.createMany({
      data: [0, 1, 2].map((k) => ({ workspaceId: workspace.id, groupId: group.id, permission: itemAt(PERMISSIONS, (g + k * 5) % PERMISSIONS.length, "permission"), granted: (g + k) % 3 !== 0 })),
    });
    await db().groupMember.createMany({
      data: memberships.filter((_, i) => (i + g) % 17 === 0).map((m) => ({ workspaceId: workspace.id, groupId: group.id, membershipId: m.id })),
    });
  }
  await db().memberPermissionOverride.createMany({
    data: memberships.filter((_, i) => i % 10 === 0).map((m) => ({ workspaceId: workspace.id, membershipId: m.id, permission: "test_calls:run", granted: true })),
  });

  const meta = { ip: "203.0.113.9", userAgent: "bench", requestId: null };
  // Requests come from a rotating set of 25 members, as a busy workspace's traffic would.
  const sample = (i: number) => itemAt(userRows, ((i % 25) * 37) % userRows.length, "seeded member");
  for (let i = 0; i < 50; i++) await authorizeMember(sample(i), "big", meta); // warm-up
  const resolveOnly: number[] = [];
  const withPointRead: number[] = [];
  const withQuery: number[] = [];
  for (let i = 0; i < 500; i++) {
    const user = sample(i);
    const t0 = performance.now();
    const ctx = (await authorizeMember(user, "big", meta))!;
    const t1 = performance.now();
    await ctx.data((tx) =>
      tx.membership.findMany({
        where: { workspaceId: ctx.workspace.id },
        take: 50,
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, user: { select: { name: true, email: true } } },
      }),
    );
    const t2 = performance.now();
    await ctx.data((tx) => tx.membership.findFirst({ where: { id: ctx.membership.id, workspaceId: ctx.workspace.id }, select: { id: true, role: true } }));
    const t3 = performance.now();
    resolveOnly.push(t1 - t0);
    withQuery.push(t2 - t0);
    withPointRead.push(t1 - t0 + (t3 - t2));
  }
  console.log(`\nAuthorisation per request on ${where}: ${MEMBERS} members, ${GROUPS} groups`);
  console.table({
    "resolve member + effective permissions": summarise(resolveOnly),
    "... plus one scoped point read": summarise(withPointRead),
    "... plus one scoped page (50 members + names)": summarise(withQuery),
  });
  for (const [label, samples] of [["point read", withPointRead], ["50-member page", withQuery]] as const) {
    const p50 = summarise([...samples]).p50Ms;
    console.log(`resolution + scoped ${label}: p50 ${p50} ms (target < 2 ms) — ${p50 < 2 ? "PASS" : "MISS"}`);
  }
} finally {
  await database.close();
}
