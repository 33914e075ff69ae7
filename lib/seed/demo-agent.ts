import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { DEFAULT_CONTENT, type AgentConfigContent } from "../agent-config/content";
import { DEFAULT_CONFIGURATION_NAME } from "../agent-config/configurations";
import { config } from "../config";

const DEMO_CONTENT: AgentConfigContent = {
  ...DEFAULT_CONTENT,
  greeting: "Hello, you've reached the Demo Workspace. I'm the virtual assistant — how can I help you today?",
  language: "en-NG",
  timeZone: "Africa/Lagos",
  // Around the clock Monday to Saturday, so the demo widget (SPEC §13) can be tried at almost
  // any hour, and closed on Sunday, so active hours show what they do. 23:59, not 24:00: a
  // time field cannot show 24:00, and the agent page's form would call the day invalid.
  hours: {
    ...Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat"].map((d) => [d, { open: "00:00", close: "23:59" }])),
    sun: null,
  } as AgentConfigContent["hours"],
  escalationNumber: "+2348035550199",
  embedDomains: ["demo.example.com"],
};

/** SPEC §13: the demo widget's embed domains are DEMO_WIDGET_ORIGINS' hosts when set. */
const demoContent = (): AgentConfigContent => ({ ...DEMO_CONTENT, embedDomains: config().DEMO_WIDGET_ORIGINS ?? DEMO_CONTENT.embedDomains });

/**
 * The demo's agent configuration (issue 9): a Default with one version, answering every
 * demo number not yet assigned, its widget enabled, and a few ledger entries so Billing has a balance. Idempotent:
 * each part is added only when the workspace has none.
 */
export async function seedDemoAgentAndBilling(workspaceId: string, author: { id: string; email: string }): Promise<void> {
  let configuration = await db().agentConfiguration.findFirst({ where: { workspaceId }, orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!configuration) {
    configuration = await db().$transaction(async (tx) => {
      const row = await tx.agentConfiguration.create({ data: { workspaceId, name: DEFAULT_CONFIGURATION_NAME, currentVersion: 1 }, select: { id: true } });
      await tx.agentConfigurationVersion.create({
        data: { workspaceId, configurationId: row.id, version: 1, content: demoContent() as unknown as Prisma.InputJsonValue, authorId: author.id, authorLabel: author.email },
      });
      await tx.phoneNumber.updateMany({ where: { workspaceId, agentConfigurationId: null }, data: { agentConfigurationId: row.id } });
      return row;
    });
  }
  // Its widget (SPEC §13, §14), enabled — unless someone has changed the widget since.
  const widget = await db().widget.findUnique({ where: { agentConfigurationId: configuration.id }, select: { id: true, enabled: true, createdAt: true, updatedAt: true } });
  if (widget && !widget.enabled && widget.updatedAt.getTime() === widget.createdAt.getTime()) {
    await db().widget.update({ where: { id: widget.id }, data: { enabled: true } });
  }
  if ((await db().ledgerEntry.count({ where: { workspaceId } })) === 0) {
    const day = 86_400_000;
    const now = Date.now();
    await db().ledgerEntry.createMany({
      data: [
        { workspaceId, kind: "adjustment", amountMinor: 2_000, currency: "usd", reference: `demo_welcome_${workspaceId}`, createdAt: new Date(now - 20 * day) },
        { workspaceId, kind: "test_topup", amountMinor: 5_000, currency: "usd", reference: `demo_topup_${workspaceId}`, createdAt: new Date(now - 14 * day) },
        { workspaceId, kind: "usage", amountMinor: -1_380, currency: "usd", reference: `demo_usage_${workspaceId}`, createdAt: new Date(now - 2 * day) },
      ],
    });
  }
}
