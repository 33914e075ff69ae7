import { hasSecondFactor } from "../auth/mfa/factors";
import type { WorkspaceContext } from "../authz/context";
import type { Permission } from "../authz/permissions";

export interface GettingStartedStep {
  id: "number" | "agent" | "test_call" | "api_key" | "webhook" | "team" | "two_factor";
  label: string;
  hint: string;
  /** The page where it is done (under the workspace, or /account). */
  href: string;
  done: boolean;
}

interface StepDefinition extends Omit<GettingStartedStep, "done" | "href"> {
  path: string;
  /** Who can take the step; members without it are not shown it. */
  permission?: Permission;
}

const STEPS: StepDefinition[] = [
  { id: "number", label: "Add a phone number", hint: "Calls to it reach your agent.", path: "/numbers", permission: "numbers:manage" },
  { id: "agent", label: "Configure the agent", hint: "Its greeting, voice and opening hours.", path: "/config", permission: "config:manage" },
  { id: "test_call", label: "Make a test call", hint: "See a call, its transcript and recording end to end, on test data.", path: "/test-calls", permission: "test_calls:run" },
  { id: "api_key", label: "Create an API key", hint: "For your servers to read calls and manage numbers.", path: "/developers/api-keys", permission: "api_keys:manage" },
  { id: "webhook", label: "Add a webhook", hint: "Be told when a call completes or fails.", path: "/developers/webhooks", permission: "webhooks:manage" },
  { id: "team", label: "Invite your team", hint: "Give colleagues the role they need, no more.", path: "/team", permission: "team:manage" },
  { id: "two_factor", label: "Turn on two-factor authentication", hint: "An authenticator app or a passkey for your own sign-in.", path: "/account" },
];

/**
 * The overview's checklist for a new workspace: the steps this member can take, each done
 * or not from what the workspace holds. Only owners and admins (settings:manage) get one —
 * they set a workspace up — and it is null once every step they can take is done.
 */
export async function gettingStarted(ctx: WorkspaceContext): Promise<GettingStartedStep[] | null> {
  if (!ctx.can("settings:manage")) return null;
  const workspaceId = ctx.workspace.id;
  const [counts, twoFactor] = await Promise.all([
    ctx.data(async (tx) => {
      const [number, agent, testCall, apiKey, webhook, members, invitations] = await Promise.all([
        tx.phoneNumber.count({ where: { workspaceId }, take: 1 }),
        tx.agentConfiguration.count({ where: { workspaceId }, take: 1 }),
        tx.call.count({ where: { workspaceId, mode: "test" }, take: 1 }),
        tx.apiKey.count({ where: { workspaceId }, take: 1 }),
        tx.webhookEndpoint.count({ where: { workspaceId }, take: 1 }),
        tx.membership.count({ where: { workspaceId }, take: 2 }),
        tx.invitation.count({ where: { workspaceId }, take: 1 }),
      ]);
      return { number, agent, test_call: testCall, api_key: apiKey, webhook, team: members > 1 || invitations > 0 ? 1 : 0 };
    }),
    hasSecondFactor(ctx.user.id),
  ]);
  const done = (id: GettingStartedStep["id"]) => (id === "two_factor" ? twoFactor : counts[id] > 0);
  const steps = STEPS.filter((s) => !s.permission || ctx.can(s.permission)).map(({ permission: _permission, path, ...s }) => ({
    ...s,
    href: path === "/account" ? path : `/${ctx.workspace.slug}${path}`,
    done: done(s.id),
  }));
  return steps.every((s) => s.done) ? null : steps;
}
