import { isUniqueViolation } from "../core/unique-violation";
import "server-only";
import { AppError } from "../core/errors";
import { actorColumns } from "../audit/context";
import type { WorkspaceContext } from "../authz/context";
import type { TenantTx } from "../db/scoped";
import type { Prisma } from "../db/generated/client";
import type { AgentConfigContent } from "./content";

// What configurations.ts and versions.ts share: lookups inside the workspace's scoped
// transaction, the version author, conflicts.

/** The configuration every workspace has, created on its first save. */
export const DEFAULT_CONFIGURATION_NAME = "Default";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TARGET = "agent_configuration";

export const conflict = () =>
  new AppError("CONFLICT", "Someone saved this configuration while you were editing it. Reload to see their version, then apply your change again.");

export function author(ctx: WorkspaceContext) {
  const { actorId, actorLabel } = actorColumns(ctx.actor);
  return { authorId: ctx.actor.type === "user" ? actorId : null, authorLabel: actorLabel ?? ctx.actor.type };
}

/** Stored JSON → content. Versions were validated when written; this only restores the type. */
export const contentOf = (json: Prisma.JsonValue) => json as unknown as AgentConfigContent;
export const asJson = (content: AgentConfigContent) => content as unknown as Prisma.InputJsonValue;

/** A configuration of this workspace, or NOT_FOUND (another workspace's included). */
export async function findConfiguration(ctx: WorkspaceContext, tx: TenantTx, id: string) {
  const row = UUID.test(id) ? await tx.agentConfiguration.findFirst({ where: { id, workspaceId: ctx.workspace.id } }) : null;
  if (!row) throw new AppError("NOT_FOUND", "No such configuration.");
  return row;
}

export async function currentContent(tx: TenantTx, configurationId: string, version: number) {
  const row = await tx.agentConfigurationVersion.findUniqueOrThrow({ where: { configurationId_version: { configurationId, version } }, select: { content: true } });
  return contentOf(row.content);
}

/** A new configuration and its version 1, audited as created. */
export async function createWithFirstVersion(ctx: WorkspaceContext, tx: TenantTx, name: string, content: AgentConfigContent) {
  const row = await tx.agentConfiguration.create({ data: { workspaceId: ctx.workspace.id, name, currentVersion: 1 }, select: { id: true } });
  await tx.agentConfigurationVersion.create({
    data: { workspaceId: ctx.workspace.id, configurationId: row.id, version: 1, content: asJson(content), ...author(ctx) },
  });
  await ctx.audit("agent_config.created", { type: TARGET, id: row.id, label: name }, { after: { name, version: 1, ...content } }, tx);
  return row.id;
}

/** Runs `fn`; a unique violation (a name taken, a version number raced) becomes `onUnique()`. */
export async function withConflicts<T>(fn: () => Promise<T>, onUnique: () => AppError): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUniqueViolation(error)) throw onUnique();
    throw error;
  }
}
