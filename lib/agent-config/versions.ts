import { processMap, PUBLIC_WIDGET_CACHE } from "../core/process-map";
import "server-only";
import { AppError } from "../core/errors";
import type { WorkspaceContext } from "../authz/context";
import type { TenantTx } from "../db/scoped";
import { parseContent, type AgentConfigContent } from "./content";
import { changedKeys, diffContents, type FieldChange } from "./diff";
import {
  asJson,
  author,
  conflict,
  contentOf,
  createWithFirstVersion,
  currentContent,
  DEFAULT_CONFIGURATION_NAME,
  findConfiguration,
  TARGET,
  withConflicts,
} from "./store";

/**
 * The versions of a configuration (issue 9, `config:manage`): every save appends an
 * immutable version; a restore appends a copy of an earlier one; the history diffs them.
 */

export interface VersionEntry {
  version: number;
  restoredFrom: number | null;
  authorLabel: string;
  createdAt: Date;
  content: AgentConfigContent;
  /** Against the version before it (for version 1: everything it set). */
  changes: FieldChange[];
}

export const HISTORY_PAGE = 20;

/** The change history, newest first, `limit` versions below `before` (a version number). */
export async function listVersions(ctx: WorkspaceContext, configurationId: string, options: { before?: number; limit?: number } = {}) {
  await ctx.require("config:manage");
  const limit = Math.min(Math.max(options.limit ?? HISTORY_PAGE, 1), 100);
  const before = options.before && Number.isInteger(options.before) && options.before > 0 ? options.before : undefined;
  return ctx.data(async (tx) => {
    await findConfiguration(ctx, tx, configurationId);
    // One extra row: the base the page's oldest version is compared with.
    const rows = await tx.agentConfigurationVersion.findMany({
      where: { workspaceId: ctx.workspace.id, configurationId, ...(before ? { version: { lt: before } } : {}) },
      orderBy: { version: "desc" },
      take: limit + 1,
      select: { version: true, restoredFrom: true, authorLabel: true, createdAt: true, content: true },
    });
    const entries: VersionEntry[] = rows.slice(0, limit).map((r, i) => {
      const previous = rows[i + 1];
      return {
        version: r.version,
        restoredFrom: r.restoredFrom,
        authorLabel: r.authorLabel,
        createdAt: r.createdAt,
        content: contentOf(r.content),
        changes: diffContents(previous && previous.version === r.version - 1 ? contentOf(previous.content) : null, contentOf(r.content)),
      };
    });
    // Versions are numbered 1…n without gaps, so a short page ends at version 1.
    // limit ≥ 1, so a page with a row beyond it has a last entry.
    const nextBefore = rows.length > limit ? (entries.at(-1)?.version ?? null) : null;
    return { entries, nextBefore };
  });
}

async function appendVersion(
  ctx: WorkspaceContext,
  tx: TenantTx,
  configurationId: string,
  baseVersion: number,
  content: AgentConfigContent,
  restoredFrom: number | null,
): Promise<number> {
  const version = baseVersion + 1;
  // The head moves only from the version the editor saw: a concurrent save makes this 0.
  const moved = await tx.agentConfiguration.updateMany({
    where: { id: configurationId, workspaceId: ctx.workspace.id, currentVersion: baseVersion },
    data: { currentVersion: version },
  });
  if (moved.count !== 1) throw conflict();
  await tx.agentConfigurationVersion.create({
    data: { workspaceId: ctx.workspace.id, configurationId, version, content: asJson(content), restoredFrom, ...author(ctx) },
  });
  return version;
}

/**
 * Saves a configuration as a new immutable version (number = the version the editor saw
 * + 1; someone else's save in between is a CONFLICT). Without an id, saves the workspace's
 * Default, creating it on its first save. An unchanged save writes nothing.
 */
export async function saveConfiguration(
  ctx: WorkspaceContext,
  target: { configurationId: string | null; baseVersion: number },
  input: unknown,
): Promise<{ id: string; version: number; changed: boolean }> {
  await ctx.require("config:manage");
  const content = parseContent(input);
  const saved = await withConflicts(
    () =>
      ctx.data(async (tx) => {
        const row = target.configurationId
          ? await findConfiguration(ctx, tx, target.configurationId)
          : await tx.agentConfiguration.findFirst({ where: { workspaceId: ctx.workspace.id, name: DEFAULT_CONFIGURATION_NAME } });
        if (!row) {
          if (target.baseVersion !== 0) throw conflict();
          return { id: await createWithFirstVersion(ctx, tx, DEFAULT_CONFIGURATION_NAME, content), version: 1, changed: true };
        }
        if (row.currentVersion !== target.baseVersion) throw conflict();
        const before = await currentContent(tx, row.id, row.currentVersion);
        const diff = changedKeys(before, content);
        if (diff.keys.length === 0) return { id: row.id, version: row.currentVersion, changed: false };
        const version = await appendVersion(ctx, tx, row.id, row.currentVersion, content, null);
        await ctx.audit(
          "agent_config.saved",
          { type: TARGET, id: row.id, label: row.name },
          { before: { version: row.currentVersion, ...diff.before }, after: { version, ...diff.after } },
          tx,
        );
        return { id: row.id, version, changed: true };
      }),
    conflict,
  );
  // Hours and embed domains are what a widget enforces: its cached view is stale now.
  if (saved.changed) processMap(PUBLIC_WIDGET_CACHE).clear();
  return saved;
}

/** Makes an earlier version current again, as a new version (history is never rewritten). */
export async function restoreVersion(ctx: WorkspaceContext, configurationId: string, version: number): Promise<{ version: number }> {
  await ctx.require("config:manage");
  const restored = await withConflicts(
    () =>
      ctx.data(async (tx) => {
        const row = await findConfiguration(ctx, tx, configurationId);
        const old = Number.isInteger(version)
          ? await tx.agentConfigurationVersion.findUnique({ where: { configurationId_version: { configurationId: row.id, version } }, select: { content: true } })
          : null;
        if (!old) throw new AppError("NOT_FOUND", "No such version.");
        if (version === row.currentVersion) throw new AppError("CONFLICT", `Version ${version} is already the current version.`);
        // Re-validated: a version written under older rules must still pass today's.
        const content = parseContent(contentOf(old.content));
        const before = await currentContent(tx, row.id, row.currentVersion);
        const diff = changedKeys(before, content);
        const next = await appendVersion(ctx, tx, row.id, row.currentVersion, content, version);
        await ctx.audit(
          "agent_config.restored",
          { type: TARGET, id: row.id, label: row.name },
          { before: { version: row.currentVersion, ...diff.before }, after: { version: next, restored_from: version, ...diff.after } },
          tx,
        );
        return { version: next };
      }),
    conflict,
  );
  processMap(PUBLIC_WIDGET_CACHE).clear();
  return restored;
}
