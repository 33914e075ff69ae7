import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActiveSession } from "@/lib/auth/sessions";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { db } from "@/lib/db/client";
import { withRequestFacts, type RequestFacts } from "@/lib/entry/facts";
import { CLOSED_MESSAGE, SUSPENDED_MESSAGE } from "@/lib/entry/steps";
import { insertKey } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actionExports, routeExports, type EntryExport } from "../support/entries";
import { useTestEnv } from "../support/env";
import { client, createUser } from "../support/users";

/**
 * The read-only rule of cancelled and suspended workspaces (decisions 017, 019), proved for
 * every state-changing entry point by enumeration: every member server action, every
 * member route handler and every API operation that writes, as the workspace's owner (or
 * with a key holding every scope). The entries come from the files themselves, so a new
 * one is covered the day it is added.
 */

const ANY_ID = "00000000-0000-4000-8000-000000000000";
const DAY_MS = 86_400_000;

/** The one exemption: reactivation is what a cancelled workspace is for. Never while suspended. */
const ALLOWED_WHEN_CLOSED = ["reactivateWorkspaceAction"];

interface Closed {
  slug: string;
  session: ActiveSession;
  key: string;
  workspaceId: string;
  message: string;
}

let database: TestDatabase;
const states: Record<"cancelled" | "suspended", Closed> = {} as never;

async function closedWorkspace(slug: string, state: "cancelled" | "suspended"): Promise<Closed> {
  const owner = await createUser(`owner@${slug}.test`, { workspaceSlug: slug, role: "owner" });
  const workspace = await db().workspace.findUniqueOrThrow({ where: { slug } });
  const { key } = await insertKey(workspace.id, { scopes: [...PERMISSIONS] });
  const now = new Date();
  await db().workspace.update({
    where: { id: workspace.id },
    data: state === "cancelled" ? { cancelledAt: now, deletionDueAt: new Date(now.getTime() + 30 * DAY_MS) } : { suspendedAt: now, suspendedReason: "Unpaid invoices." },
  });
  const row = await db().session.create({ data: { userId: owner.id, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + DAY_MS) }, select: { id: true } });
  const session: ActiveSession = { sessionId: row.id, user: { id: owner.id, email: owner.email, name: owner.name }, createdAt: now, expiresAt: new Date(now.getTime() + DAY_MS) };
  return { slug, session, key, workspaceId: workspace.id, message: state === "cancelled" ? CLOSED_MESSAGE : SUSPENDED_MESSAGE };
}

const factsFor = (ws: Closed): RequestFacts => ({
  session: async () => ws.session,
  cookie: async () => undefined,
  header: async () => null,
  meta: async () => ({ ...client }),
});

/** Arguments an action never gets to look at: the refusal comes first. */
const anyArguments = () => [ANY_ID, ANY_ID, {}, new FormData()];

async function runAction(entry: EntryExport, ws: Closed) {
  const action = entry.handler as (slug: string, ...args: unknown[]) => Promise<{ error?: string; stepUpRequired?: boolean; ok?: boolean }>;
  return withRequestFacts(factsFor(ws), () => action(ws.slug, ...anyArguments()));
}

async function runRoute(entry: EntryExport, ws: Closed) {
  const route = entry.handler as (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const request = new NextRequest(`http://localhost:3000/${ws.slug}/entry`, {
    method: entry.name,
    headers: { "content-type": "application/json", "x-api-key": ws.key },
    body: JSON.stringify({}),
  });
  const params = Promise.resolve({ workspace: ws.slug, id: ANY_ID, documentId: ANY_ID });
  const response = await withRequestFacts(factsFor(ws), () => route(request, { params }));
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
}

const auditRows = (workspaceId: string) => db().auditLog.count({ where: { workspaceId } });

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  states.cancelled = await closedWorkspace("ro-cancelled", "cancelled");
  states.suspended = await closedWorkspace("ro-suspended", "suspended");
});
afterAll(async () => database?.close());

describe("the read-only rule, for every state-changing entry point", () => {
  it("lists the member server actions and writing routes it proves", async () => {
    const actions = (await actionExports()).filter((e) => e.info?.caller === "member");
    const routes = (await routeExports()).filter((e) => e.info?.writes && (e.info.caller === "member" || e.info.caller === "apiKey"));
    expect(actions.length).toBeGreaterThan(35);
    expect(routes.filter((e) => e.info?.caller === "member").length).toBeGreaterThan(0);
    expect(routes.filter((e) => e.info?.caller === "apiKey").length).toBeGreaterThan(5);
    // Only reactivation runs in a cancelled workspace.
    expect(actions.filter((e) => e.info?.allowedWhenClosed).map((e) => e.name)).toEqual(ALLOWED_WHEN_CLOSED);
  });

  for (const state of ["cancelled", "suspended"] as const) {
    it(`refuses every member server action in a ${state} workspace, and changes nothing`, async () => {
      const ws = states[state];
      const before = await auditRows(ws.workspaceId);
      const wrong: string[] = [];
      for (const entry of (await actionExports()).filter((e) => e.info?.caller === "member")) {
        const result = await runAction(entry, ws);
        const exempt = state === "cancelled" && entry.info?.allowedWhenClosed;
        // The exemption still passes its other steps: reactivation asks for sudo mode.
        const ok = exempt ? result.error !== ws.message && result.stepUpRequired === true : result.error === ws.message && !result.ok;
        if (!ok) wrong.push(`${entry.file} ${entry.name}: ${JSON.stringify(result)}`);
      }
      expect(wrong).toEqual([]);
      expect(await auditRows(ws.workspaceId)).toBe(before);
    });

    it(`refuses every writing route handler and API operation in a ${state} workspace`, async () => {
      const ws = states[state];
      const before = await auditRows(ws.workspaceId);
      const wrong: string[] = [];
      for (const entry of (await routeExports()).filter((e) => e.info?.writes && (e.info.caller === "member" || e.info.caller === "apiKey"))) {
        const { status, body } = await runRoute(entry, ws);
        // Members get 409 with the reason; a key of a read-only workspace does not authenticate at all.
        const ok = entry.info?.caller === "member" ? status === 409 && body.error?.message === ws.message : status === 401 && body.error?.code === "INVALID_API_KEY";
        if (!ok) wrong.push(`${entry.file} ${entry.name}: ${status} ${JSON.stringify(body)}`);
      }
      expect(wrong).toEqual([]);
      expect(await auditRows(ws.workspaceId)).toBe(before);
    });
  }
});
