import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { renameWorkspace, workspaceNameSchema } from "@/lib/workspaces/rename";
import { outcome, withTwoWorkspaces } from "../support/members";

const { as } = withTwoWorkspaces();

describe("renaming a workspace", () => {
  it("an owner renames it; the slug stays and the audit log has the before and after", async () => {
    const owner = await as("owner");
    expect(await renameWorkspace(owner, "Acme Support")).toBe(true);
    const row = await db().workspace.findUniqueOrThrow({ where: { id: owner.workspace.id }, select: { name: true, slug: true } });
    expect(row).toEqual({ name: "Acme Support", slug: "acme" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId: owner.workspace.id, action: "workspace.renamed" }, orderBy: { occurredAt: "desc" } });
    expect(audit.changes).toMatchObject({ after: { name: "Acme Support" } });
    // The same name again changes nothing and audits nothing.
    expect(await renameWorkspace(await as("owner"), "Acme Support")).toBe(false);
    expect(await db().auditLog.count({ where: { workspaceId: owner.workspace.id, action: "workspace.renamed" } })).toBe(1);
  });

  it("an admin, who manages settings, is refused: only owners rename", async () => {
    expect(await outcome(renameWorkspace(await as("admin"), "Taken over"))).toBe("FORBIDDEN");
    expect((await db().workspace.findUniqueOrThrow({ where: { slug: "acme" } })).name).not.toBe("Taken over");
  });

  it("a name is plain text of 2 to 80 characters", () => {
    expect(workspaceNameSchema.safeParse("A").success).toBe(false);
    expect(workspaceNameSchema.safeParse("x".repeat(81)).success).toBe(false);
    expect(workspaceNameSchema.parse("<b>Acme</b>")).not.toContain("<");
  });
});
