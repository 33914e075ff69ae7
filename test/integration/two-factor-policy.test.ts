import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActiveSession } from "@/lib/auth/sessions";
import { enrolTotpFromSecret } from "@/lib/auth/mfa/totp";
import { PERMISSIONS } from "@/lib/authz/permissions";
import { db } from "@/lib/db/client";
import { withRequestFacts, type RequestFacts } from "@/lib/entry/facts";
import { memberPage } from "@/lib/entry/page";
import { TWO_FACTOR_REQUIRED_MESSAGE } from "@/lib/entry/steps";
import { createInvitation } from "@/lib/team/invitations";
import { setTwoFactorRequired, twoFactorCoverage, isCovered } from "@/lib/workspaces/two-factor-policy";
import { call, insertKey } from "../support/api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { actionExports, routeExports, type EntryExport } from "../support/entries";
import { useTestEnv } from "../support/env";
import { contextOf } from "../support/members";
import { client, createUser } from "../support/users";

/**
 * "Require two-factor authentication" (SPEC §1), proved for every entry a member can reach by
 * enumeration: every member server action, every member route handler (any method) and the
 * workspace pages refuse a member without a second factor; the workspace's API keys are
 * unaffected; an enrolled member is let through.
 */

const SLUG = "tfa";
const ANY_ID = "00000000-0000-4000-8000-000000000000";
const DAY_MS = 86_400_000;

let database: TestDatabase;
let workspaceId: string;
let plain: ActiveSession;
let key: string;

async function sessionOf(user: { id: string; email: string; name: string }): Promise<ActiveSession> {
  const now = new Date();
  const row = await db().session.create({ data: { userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + DAY_MS) }, select: { id: true } });
  return { sessionId: row.id, user: { id: user.id, email: user.email, name: user.name }, createdAt: now, expiresAt: new Date(now.getTime() + DAY_MS) };
}

const factsFor = (session: ActiveSession): RequestFacts => ({
  session: async () => session,
  cookie: async () => undefined,
  header: async () => null,
  meta: async () => ({ ...client }),
});

const memberEntries = async () => ({
  actions: (await actionExports()).filter((e) => e.info?.caller === "member"),
  routes: (await routeExports()).filter((e) => e.info?.caller === "member"),
});

async function runAction(entry: EntryExport, session: ActiveSession) {
  const action = entry.handler as (slug: string, ...args: unknown[]) => Promise<{ error?: string; ok?: boolean } | undefined>;
  return withRequestFacts(factsFor(session), () => action(SLUG, ANY_ID, ANY_ID, {}, new FormData()));
}

async function runRoute(entry: EntryExport, session: ActiveSession) {
  const route = entry.handler as (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const request = new NextRequest(`http://localhost:3000/${SLUG}/entry`, {
    method: entry.name,
    headers: { "content-type": "application/json" },
    ...(entry.name === "GET" || entry.name === "HEAD" ? {} : { body: JSON.stringify({}) }),
  });
  const params = Promise.resolve({ workspace: SLUG, id: ANY_ID, documentId: ANY_ID });
  const response = await withRequestFacts(factsFor(session), () => route(request, { params }));
  return { status: response.status, body: (await response.json().catch(() => ({}))) as { error?: { code: string; details?: { issue: string }[] } } };
}

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  const owner = await createUser(`owner@${SLUG}.test`, { workspaceSlug: SLUG, role: "owner" });
  const member = await createUser(`plain@${SLUG}.test`, { workspaceSlug: SLUG, role: "admin" });
  await enrolTotpFromSecret(owner, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  workspaceId = (await db().workspace.findUniqueOrThrow({ where: { slug: SLUG } })).id;
  ({ key } = await insertKey(workspaceId, { scopes: [...PERMISSIONS] }));
  plain = await sessionOf(member);
  const ownerCtx = await contextOf({ ...owner, role: "owner" } as never, SLUG);
  const coverage = await twoFactorCoverage(ownerCtx);
  expect(coverage.filter((m) => !isCovered(m)).map((m) => m.email)).toEqual([`plain@${SLUG}.test`]);
  // An owner without a second factor cannot require one (it would lock them out).
  const bare = await createUser(`bare@${SLUG}.test`, { workspaceSlug: SLUG, role: "owner" });
  await expect(setTwoFactorRequired(await contextOf({ ...bare, role: "owner" } as never, SLUG), true)).rejects.toMatchObject({ code: "CONFLICT" });
  await db().membership.deleteMany({ where: { userId: bare.id } });
  const result = await setTwoFactorRequired(ownerCtx, true);
  expect(result).toEqual({ changed: true, lockedOut: 1 });
});
afterAll(async () => database?.close());

describe("Require two-factor authentication", () => {
  it("is audited with how many members it left without access", async () => {
    const entry = await db().auditLog.findFirstOrThrow({ where: { workspaceId, action: "settings.two_factor_policy_changed" } });
    expect(entry.changes).toMatchObject({ after: { require_two_factor: true }, members_without_second_factor: 1 });
  });

  it("refuses every member server action to a member without a second factor, each a security event", async () => {
    const { actions } = await memberEntries();
    expect(actions.length).toBeGreaterThan(35);
    const before = await db().securityEvent.count({ where: { type: "two_factor_required", workspaceId } });
    const wrong: string[] = [];
    for (const entry of actions) {
      const result = await runAction(entry, plain);
      if (result?.error !== TWO_FACTOR_REQUIRED_MESSAGE) wrong.push(`${entry.file} ${entry.name}: ${JSON.stringify(result)}`);
    }
    expect(wrong).toEqual([]);
    expect(await db().securityEvent.count({ where: { type: "two_factor_required", workspaceId } })).toBe(before + actions.length);
  });

  it("refuses every member route handler, whatever its method, with 403 two_factor_required", async () => {
    const { routes } = await memberEntries();
    expect(routes.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const entry of routes) {
      const { status, body } = await runRoute(entry, plain);
      const ok = status === 403 && body.error?.code === "FORBIDDEN" && body.error.details?.[0]?.issue === "two_factor_required";
      if (!ok) wrong.push(`${entry.file} ${entry.name}: ${status} ${JSON.stringify(body)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("sends the member's page visits to enrolment", async () => {
    const thrown = await withRequestFacts(factsFor(plain), () => memberPage(SLUG)).catch((error: unknown) => error);
    expect(String((thrown as { digest?: string }).digest)).toContain(`/account?two_factor_required=${SLUG}#two-factor`);
  });

  it("leaves the workspace's API keys working", async () => {
    const response = await call("GET /calls", { key });
    expect(response.status).toBe(200);
  });

  it("tells new invitees that the workspace requires two-factor authentication", async () => {
    const owner = await db().user.findUniqueOrThrow({ where: { email: `owner@${SLUG}.test` } });
    await createInvitation(await contextOf({ ...owner, role: "owner" } as never, SLUG), "newcomer@example.com", "viewer");
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: "newcomer@example.com" } });
    expect(mail.text).toContain("requires two-factor authentication");
  });

  it("lets the member in once they have a second factor", async () => {
    await enrolTotpFromSecret(plain.user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    const ctx = await withRequestFacts(factsFor(plain), () => memberPage(SLUG));
    expect(ctx.twoFactor).toEqual({ required: true, enrolled: true, passkeys: false });
  });
});
