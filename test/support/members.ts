import { afterAll, beforeAll } from "vitest";
import { AppError } from "@/lib/core/errors";
import { authorizeMember, type WorkspaceContext } from "@/lib/authz/context";
import { ROLES } from "@/lib/authz/roles";
import { createTestDatabase, type TestDatabase } from "./database";
import { useTestEnv } from "./env";
import { present } from "./items";
import { client, createUser } from "./users";

type Member = { id: string; email: string; name: string };

/** One member per role (owner, admin, developer, billing, agent, viewer) in workspace `slug`. */
export async function createRoleMembers(slug: string): Promise<Record<string, Member>> {
  const members: Record<string, Member> = {};
  for (const role of ROLES) members[role] = await createUser(`${role}@${slug}.test`, { workspaceSlug: slug, role: role as "owner" });
  return members;
}

/** The member's context, as a dashboard request from `client` (IP 203.0.113.10) resolves it. */
export async function contextOf(member: Member, slug: string): Promise<WorkspaceContext> {
  return (await authorizeMember(member, slug, client))!;
}

/**
 * For a test file: its own database with two workspaces, "acme" and "other", each with one
 * member per role. `as(role, slug)` is that member's context; `member(role, slug)` the user.
 */
export function withTwoWorkspaces(env: Record<string, string> = {}) {
  let database: TestDatabase | undefined;
  const workspaces: Record<string, Record<string, Member>> = {};
  beforeAll(async () => {
    await useTestEnv(env);
    database = await createTestDatabase();
    workspaces.acme = await createRoleMembers("acme");
    workspaces.other = await createRoleMembers("other");
  });
  afterAll(async () => database?.close());
  const member = (role: string, slug = "acme") => present(present(workspaces[slug], `workspace ${slug}`)[role], `a ${role} of ${slug}`);
  return { member, as: (role: string, slug = "acme") => contextOf(member(role, slug), slug) };
}

/** "ok", or the AppError code a call failed with (anything else is rethrown). */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** The issue of a VALIDATION_FAILED / CONFLICT for `field` (or the message when none names it). */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; field?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) {
      const detail = error.options.details?.[0];
      return { code: error.code, field: detail?.field, message: detail?.issue ?? error.message };
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

/** XSS payloads for every stored text field: markup, event handlers, script URLs, encodings. */
export const XSS_PAYLOADS = [
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `<svg/onload=alert(1)>`,
  `"><script>alert(document.cookie)</script>`,
  `<a href="javascript:alert(1)">click</a>`,
  `javascript:alert(1)`,
  `JaVaScRiPt:alert(1)`,
  `java\tscript:alert(1)`,
  `&lt;script&gt;alert(1)&lt;/script&gt;`,
  `&amp;lt;img src=x onerror=alert(1)&amp;gt;`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  `<body onload=alert(1)>`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  `<div style="background:url(javascript:alert(1))">x</div>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<details open ontoggle=alert(1)>`,
  `data:text/html,<script>alert(1)</script>`,
];

/** What no stored text may contain after sanitising. */
export const UNSAFE_TEXT = /<script|\bon[a-z]+\s*=|javascript:|data:text\/html/i;
