import "server-only";
import { AppError } from "../core/errors";
import type { WorkspaceContext } from "../authz/context";
import { sanitisePlainField } from "../uploads/sanitise-text";
import { DEFAULT_CONTENT, type AgentConfigContent } from "./content";
import { CONFIG_NAME_MAX } from "./options";
import { createWithFirstVersion, currentContent, DEFAULT_CONFIGURATION_NAME, findConfiguration, TARGET, withConflicts } from "./store";

/**
 * Named agent configurations (issue 9, `config:manage`): list, read, create (from the
 * defaults or a copy), rename, delete. Their content lives in versions (./versions.ts).
 */

export { DEFAULT_CONFIGURATION_NAME };

/** A configuration's name as stored: plain text (SPEC §8), 1–60 characters. */
export function parseConfigurationName(input: unknown): string {
  const name = sanitisePlainField(typeof input === "string" ? input.slice(0, 1000) : "");
  if (!name) throw new AppError("VALIDATION_FAILED", "Enter a name.", { details: [{ field: "name", issue: "Enter a name." }] });
  if ([...name].length > CONFIG_NAME_MAX) {
    throw new AppError("VALIDATION_FAILED", `Use at most ${CONFIG_NAME_MAX} characters.`, { details: [{ field: "name", issue: `Use at most ${CONFIG_NAME_MAX} characters.` }] });
  }
  return name;
}

export interface ConfigurationSummary {
  id: string;
  name: string;
  currentVersion: number;
  updatedAt: Date;
  numbers: number;
}

/** Every configuration of the workspace, oldest first (Default first in practice). */
export async function listConfigurations(ctx: WorkspaceContext): Promise<ConfigurationSummary[]> {
  await ctx.require("config:manage");
  const rows = await ctx.data((tx) =>
    tx.agentConfiguration.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, name: true, currentVersion: true, updatedAt: true, _count: { select: { phoneNumbers: true } } },
    }),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, currentVersion: r.currentVersion, updatedAt: r.updatedAt, numbers: r._count.phoneNumbers }));
}

/** For assigning numbers: the configurations' ids and names (needs numbers:manage only). */
export async function configurationChoices(ctx: WorkspaceContext): Promise<{ id: string; name: string }[]> {
  await ctx.require("numbers:manage");
  return ctx.data((tx) =>
    tx.agentConfiguration.findMany({ where: { workspaceId: ctx.workspace.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } }),
  );
}

export interface ConfigurationView {
  /** null: the workspace has none yet; this is the Default it will get on the first save. */
  id: string | null;
  name: string;
  currentVersion: number;
  content: AgentConfigContent;
  updatedAt: Date | null;
  numbers: { id: string; number: string; mode: string; label: string | null }[];
}

/** One configuration with its current content; without an id, the workspace's first (or the unsaved Default). */
export async function getConfiguration(ctx: WorkspaceContext, id?: string): Promise<ConfigurationView> {
  await ctx.require("config:manage");
  return ctx.data(async (tx) => {
    const row = id
      ? await findConfiguration(ctx, tx, id)
      : await tx.agentConfiguration.findFirst({ where: { workspaceId: ctx.workspace.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    if (!row) return { id: null, name: DEFAULT_CONFIGURATION_NAME, currentVersion: 0, content: DEFAULT_CONTENT, updatedAt: null, numbers: [] };
    const numbers = await tx.phoneNumber.findMany({
      where: { workspaceId: ctx.workspace.id, agentConfigurationId: row.id },
      orderBy: [{ mode: "asc" }, { number: "asc" }],
      select: { id: true, number: true, mode: true, label: true },
    });
    return { id: row.id, name: row.name, currentVersion: row.currentVersion, content: await currentContent(tx, row.id, row.currentVersion), updatedAt: row.updatedAt, numbers };
  });
}

const nameTaken = () => new AppError("CONFLICT", "A configuration with this name exists.", { details: [{ field: "name", issue: "A configuration with this name exists." }] });

/** A new named configuration, starting from the defaults or from another one's current version. */
export async function createConfiguration(ctx: WorkspaceContext, input: { name: unknown; copyFrom?: string | null }): Promise<{ id: string }> {
  await ctx.require("config:manage");
  const name = parseConfigurationName(input.name);
  return withConflicts(
    () =>
      ctx.data(async (tx) => {
        let content = DEFAULT_CONTENT;
        if (input.copyFrom) {
          const source = await findConfiguration(ctx, tx, input.copyFrom);
          content = await currentContent(tx, source.id, source.currentVersion);
        }
        return { id: await createWithFirstVersion(ctx, tx, name, content) };
      }),
    nameTaken,
  );
}

export async function renameConfiguration(ctx: WorkspaceContext, id: string, newName: unknown): Promise<void> {
  await ctx.require("config:manage");
  const name = parseConfigurationName(newName);
  await withConflicts(
    () =>
      ctx.data(async (tx) => {
        const row = await findConfiguration(ctx, tx, id);
        if (row.name === name) return;
        await tx.agentConfiguration.update({ where: { id: row.id }, data: { name } });
        await ctx.audit("agent_config.renamed", { type: TARGET, id: row.id, label: name }, { before: { name: row.name }, after: { name } }, tx);
      }),
    nameTaken,
  );
}

/** Deletes a configuration and its history; refused while numbers are assigned to it. */
export async function deleteConfiguration(ctx: WorkspaceContext, id: string): Promise<void> {
  await ctx.require("config:manage");
  await ctx.data(async (tx) => {
    const row = await findConfiguration(ctx, tx, id);
    const assigned = await tx.phoneNumber.count({ where: { workspaceId: ctx.workspace.id, agentConfigurationId: row.id } });
    if (assigned > 0) {
      throw new AppError("CONFLICT", `${assigned} phone number${assigned === 1 ? " is" : "s are"} assigned to “${row.name}”. Assign ${assigned === 1 ? "it" : "them"} elsewhere first.`);
    }
    const content = await currentContent(tx, row.id, row.currentVersion);
    await tx.agentConfiguration.delete({ where: { id: row.id } });
    await ctx.audit("agent_config.deleted", { type: TARGET, id: row.id, label: row.name }, { before: { name: row.name, version: row.currentVersion, ...content } }, tx);
  });
}
