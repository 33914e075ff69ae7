import "server-only";
import { processMap, PUBLIC_WIDGET_CACHE } from "../core/process-map";
import { db } from "../db/client";
import { contentOf } from "../agent-config/store";
import type { AgentConfigContent } from "../agent-config/content";
import { frameAncestorsOf } from "./embed-origins";
import { SETTINGS_COLUMNS, themeOf, type BotPolicy, type WidgetTheme } from "./restrictions";

/**
 * The public face of a widget, found by its public id (`wgt_…`) with no caller: what the
 * iframe page renders and what the session checks read. The lookup is keyed by the public id
 * alone and runs outside the tenant scope because it is how the workspace is found (as an
 * API key's lookup is); it returns nothing a visitor should not see beyond what the widget
 * shows, and the session checks keep the rest server-side.
 *
 * Cached per process for CACHE_MS (decision 047): a page load and its session call are one
 * query, and a flood against one widget is none. A change made here is seen at once
 * (updateWidget forgets the entry); another instance sees it within CACHE_MS.
 */

export const PUBLIC_ID = /^wgt_[0-9A-Za-z]{22}$/;
const CACHE_MS = 10_000;
const CACHE_MAX = 5_000;

export interface PublicWidget {
  id: string;
  publicId: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  /** The workspace's caller masking: on reduces the visitor's IP before it is stored. */
  callerMasking: boolean;
  /** Neither cancelled nor suspended. */
  workspaceOpen: boolean;
  enabled: boolean;
  mode: "live" | "test";
  agentConfigurationId: string;
  agentName: string;
  /** The agent's greeting, or the theme's override. */
  greeting: string;
  theme: WidgetTheme;
  /** Hostnames as the configuration stores them (`example.com`, `*.example.com`, `localhost`). */
  embedDomains: string[];
  /** The same list as CSP `frame-ancestors` sources (lib/widget/embed-origins.ts). */
  frameAncestors: string[];
  timeZone: string;
  hours: AgentConfigContent["hours"];
  ipAllow: string[];
  ipDeny: string[];
  countryAllow: string[];
  countryDeny: string[];
  botPolicy: BotPolicy;
}

const cache = processMap<string, { at: number; widget: PublicWidget | null }>(PUBLIC_WIDGET_CACHE);

export function forgetPublicWidget(publicId?: string): void {
  if (publicId) cache.delete(publicId);
  else cache.clear();
}

async function load(publicId: string): Promise<PublicWidget | null> {
  const row = await db().widget.findUnique({
    where: { publicId },
    select: {
      id: true,
      publicId: true,
      workspaceId: true,
      agentConfigurationId: true,
      ...SETTINGS_COLUMNS,
      workspace: { select: { slug: true, name: true, callerMasking: true, cancelledAt: true, suspendedAt: true } },
      agentConfiguration: { select: { name: true, currentVersion: true } },
    },
  });
  if (!row) return null;
  const version = await db().agentConfigurationVersion.findUnique({
    where: { configurationId_version: { configurationId: row.agentConfigurationId, version: row.agentConfiguration.currentVersion } },
    select: { content: true },
  });
  if (!version) return null;
  const content = contentOf(version.content);
  const theme = themeOf(row.theme);
  const embedDomains = content.embedDomains ?? [];
  return {
    id: row.id,
    publicId: row.publicId,
    workspaceId: row.workspaceId,
    workspaceSlug: row.workspace.slug,
    workspaceName: row.workspace.name,
    callerMasking: row.workspace.callerMasking,
    workspaceOpen: !row.workspace.cancelledAt && !row.workspace.suspendedAt,
    enabled: row.enabled,
    mode: row.mode as PublicWidget["mode"],
    agentConfigurationId: row.agentConfigurationId,
    agentName: row.agentConfiguration.name,
    greeting: theme.greeting || content.greeting,
    theme,
    embedDomains,
    frameAncestors: frameAncestorsOf(embedDomains),
    timeZone: content.timeZone,
    hours: content.hours,
    ipAllow: row.ipAllow,
    ipDeny: row.ipDeny,
    countryAllow: row.countryAllow,
    countryDeny: row.countryDeny,
    botPolicy: row.botPolicy as BotPolicy,
  };
}

/**
 * The widget with this public id, or null when the id is malformed or unknown. Callers that
 * serve visitors answer 404 also when `!enabled || !workspaceOpen` (SPEC §14).
 */
export async function findPublicWidget(publicId: string, now = Date.now()): Promise<PublicWidget | null> {
  if (!PUBLIC_ID.test(publicId)) return null;
  const hit = cache.get(publicId);
  if (hit && now - hit.at < CACHE_MS) return hit.widget;
  const widget = await load(publicId);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(publicId, { at: now, widget });
  return widget;
}
