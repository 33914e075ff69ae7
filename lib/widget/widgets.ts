import "server-only";
import type { Principal } from "../authz/principal";
import { AppError } from "../core/errors";
import { isUuid } from "../core/ids";
import { createdBefore, decodeCursor, page } from "../core/pagination";
import type { Prisma } from "../db/generated/client";
import type { TenantTx } from "../db/scoped";
import { contentOf } from "../agent-config/store";
import { parseWidgetUpdate, SETTINGS_COLUMNS, themeOf, type BotPolicy, type WidgetTheme } from "./restrictions";
import { forgetPublicWidget } from "./public-widget";

/**
 * A workspace's widgets (SPEC §14), one per agent configuration (a trigger creates it with
 * the configuration). Read and changed with `config:manage`; every change audited with
 * before/after. Embed domains come from the configuration's current version.
 */

const TARGET = "widget";

export interface WidgetView {
  id: string;
  publicId: string;
  agentConfigurationId: string;
  agentName: string;
  mode: "live" | "test";
  enabled: boolean;
  /** The configuration's embed domains (hostnames, `*.` wildcards), as stored there. */
  embedDomains: string[];
  ipAllow: string[];
  ipDeny: string[];
  countryAllow: string[];
  countryDeny: string[];
  botPolicy: BotPolicy;
  theme: WidgetTheme;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = {
  id: true,
  publicId: true,
  agentConfigurationId: true,
  ...SETTINGS_COLUMNS,
  createdAt: true,
  updatedAt: true,
  agentConfiguration: { select: { name: true, currentVersion: true } },
} as const satisfies Prisma.WidgetSelect;

type Row = Prisma.WidgetGetPayload<{ select: typeof SELECT }>;

async function toView(tx: TenantTx, row: Row): Promise<WidgetView> {
  const version = await tx.agentConfigurationVersion.findUnique({
    where: { configurationId_version: { configurationId: row.agentConfigurationId, version: row.agentConfiguration.currentVersion } },
    select: { content: true },
  });
  const { agentConfiguration, ...rest } = row;
  return {
    ...rest,
    mode: row.mode as WidgetView["mode"],
    botPolicy: row.botPolicy as BotPolicy,
    theme: themeOf(row.theme),
    agentName: agentConfiguration.name,
    embedDomains: version ? (contentOf(version.content).embedDomains ?? []) : [],
  };
}

const noWidget = () => new AppError("NOT_FOUND", "No such agent configuration.");

async function rowFor(principal: Principal, tx: TenantTx, configurationId: string): Promise<Row> {
  const row = isUuid(configurationId)
    ? await tx.widget.findFirst({ where: { workspaceId: principal.workspace.id, agentConfigurationId: configurationId }, select: SELECT })
    : null;
  if (!row) throw noWidget();
  return row;
}

/** The widget of one agent configuration of the principal's workspace (`config:manage`). */
export async function widgetForConfiguration(principal: Principal, configurationId: string): Promise<WidgetView> {
  await principal.require("config:manage");
  return principal.data(async (tx) => toView(tx, await rowFor(principal, tx, configurationId)));
}

/** What the audit row records: the settings, never a visitor's data. */
const snapshot = (w: Pick<WidgetView, "enabled" | "mode" | "botPolicy" | "ipAllow" | "ipDeny" | "countryAllow" | "countryDeny" | "theme">) => ({
  enabled: w.enabled,
  mode: w.mode,
  bot_policy: w.botPolicy,
  ip_allow: w.ipAllow,
  ip_deny: w.ipDeny,
  country_allow: w.countryAllow,
  country_deny: w.countryDeny,
  theme: w.theme,
});

/**
 * Changes a configuration's widget: only the fields given (see lib/widget/restrictions.ts
 * for their validation); audited as `widget.updated` with before and after.
 */
export async function updateWidget(principal: Principal, configurationId: string, input: unknown): Promise<WidgetView> {
  await principal.require("config:manage");
  const change = parseWidgetUpdate(input);
  const view = await principal.data(async (tx) => {
    const before = await toView(tx, await rowFor(principal, tx, configurationId));
    const row = await tx.widget.update({
      where: { id: before.id },
      data: { ...change, theme: change.theme === undefined ? undefined : (change.theme as Prisma.InputJsonValue) },
      select: SELECT,
    });
    const after = await toView(tx, row);
    await principal.audit("widget.updated", { type: TARGET, id: after.id, label: `${after.agentName} (${after.publicId})` }, { before: snapshot(before), after: snapshot(after) }, tx);
    return after;
  });
  forgetPublicWidget(view.publicId);
  return view;
}

/**
 * One newest-first page of the workspace's widgets in the principal's mode (`config:manage`;
 * test keys see test widgets, live keys live ones) — `GET /api/v1/widgets`.
 */
export async function listWidgets(principal: Principal, options: { limit: number; cursor?: string }): Promise<{ widgets: WidgetView[]; nextCursor: string | null }> {
  await principal.require("config:manage");
  const cursor = decodeCursor(options.cursor);
  return principal.data(async (tx) => {
    const rows = await tx.widget.findMany({
      where: { workspaceId: principal.workspace.id, mode: principal.mode, ...createdBefore(cursor) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: options.limit + 1,
      select: SELECT,
    });
    const { items, nextCursor } = page(rows, options.limit);
    const widgets: WidgetView[] = [];
    for (const row of items) widgets.push(await toView(tx, row));
    return { widgets, nextCursor };
  });
}
