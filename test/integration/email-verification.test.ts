import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInBrowser } from "@/lib/auth/browser-sign-in";
import { cookieNames } from "@/lib/auth/cookies";
import { completeVerification, openVerification } from "@/lib/auth/email-verification";
import { AuthError } from "@/lib/auth/errors";
import { resolveSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/sign-in";
import { resendVerification, signUp } from "@/lib/auth/sign-up";
import { signedUpHere, signUpCookie } from "@/lib/auth/sign-up-cookie";
import { db } from "@/lib/db/client";
import { outboxFor } from "@/lib/email/send";
import { createInvitation, acceptWithNewAccount, openInvitation } from "@/lib/team/invitations";
import { contextOf } from "../support/members";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client, createUser } from "../support/users";

/**
 * Issue 16 item 11 (decision 032): a sign-up's address is verified by a single-use link
 * before anything is usable; the link (or an accepted invitation) signs the user in; a
 * pending sign-up never blocks the address's real owner.
 */
let database: TestDatabase;
beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
});
afterAll(async () => database.close());

let n = 0;
const input = (email: string, password = `amber kettle ${++n} meadow`) => ({ name: `Pat ${n}`, email, password, workspaceName: `Team ${n}` });

async function linkTokenFor(email: string): Promise<string> {
  const [latest] = await outboxFor(email, 1);
  const token = latest?.text.match(/\/verify-email\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no verification link for ${email}`);
  return token;
}

async function authError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  return "ok";
}

describe("sign-up waits for the address to be verified", () => {
  it("creates an unverified account that cannot sign in, and emails a single-use link stored only as a hash", async () => {
    const signup = input("new@verify.test");
    const { pendingUserId } = await signUp(signup, client);
    const user = await db().user.findUniqueOrThrow({ where: { email: "new@verify.test" } });
    expect(user.id).toBe(pendingUserId);
    expect(user.emailVerifiedAt).toBeNull();
    // The weakness: a sign-up was a usable account at once, whoever owned the address.
    expect(await authError(authenticate(signup.email, signup.password, client))).toBe("email_unverified");
    const token = await linkTokenFor(signup.email);
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const rows = await db().emailVerificationToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(24 * 3_600_000);
  });

  it("the link in the browser that signed up verifies, starts the workspace's audit chain and signs in — once", async () => {
    const signup = input("same@verify.test");
    const { pendingUserId } = await signUp(signup, client);
    const cookie = await signUpCookie(pendingUserId);
    const token = await linkTokenFor(signup.email);
    const opened = await openVerification(token);
    expect(await signedUpHere(cookie.value, opened!.user.id)).toBe(true);
    const { user, workspace } = await completeVerification(token, { signedUpHere: true }, client);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    const actions = (await db().auditLog.findMany({ where: { workspaceId: workspace.id }, orderBy: { seq: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["workspace.created", "user.email_verified"]);
    const { cookies } = await signInBrowser(user, client, {}, "email_verification");
    const session = cookies.find((c) => c.name === cookieNames().session)!;
    expect(session.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    expect((await resolveSession(session.value))?.user.email).toBe(signup.email);
    expect(cookies.some((c) => c.name === cookieNames().device)).toBe(true);
    // Single use.
    await expect(completeVerification(token, { signedUpHere: true }, client)).rejects.toThrow(/invalid, used or expired/);
    expect(await authenticate(signup.email, signup.password, client)).toMatchObject({ user: { id: user.id } });
  });

  it("in another browser the link needs the sign-up's password, so a stranger's sign-up cannot be completed by the address's owner clicking", async () => {
    const stranger = input("victim@verify.test", "stranger chose this passphrase");
    await signUp(stranger, client);
    const token = await linkTokenFor(stranger.email);
    await expect(completeVerification(token, { signedUpHere: false }, client)).rejects.toThrow(/Enter the password/);
    expect(await authError(completeVerification(token, { signedUpHere: false, password: "the owner guesses wrong" }, client))).toBe("invalid_credentials");
    // A cookie naming someone else's pending sign-up proves nothing either.
    expect(await signedUpHere((await signUpCookie(null)).value, (await openVerification(token))!.user.id)).toBe(false);
    expect(await openVerification(token)).not.toBeNull();
    const done = await completeVerification(token, { signedUpHere: false, password: stranger.password }, client);
    expect(done.user.email).toBe(stranger.email);
  });

  it("a link expires after 24 hours", async () => {
    const signup = input("late@verify.test");
    await signUp(signup, client);
    const token = await linkTokenFor(signup.email);
    expect(await openVerification(token, new Date(Date.now() + 24 * 3_600_000 + 60_000))).toBeNull();
  });

  it("an address with a verified account: nothing is created, its owner is emailed, and the answer is the same", async () => {
    await createUser("owner@known.test", { workspaceSlug: "known" });
    const result = await signUp(input("owner@known.test"), client);
    expect(result).toEqual({ pendingUserId: null });
    expect(await db().workspace.count({ where: { name: { startsWith: "Team" }, memberships: { some: { user: { email: "owner@known.test" } } } } })).toBe(0);
    expect((await outboxFor("owner@known.test", 1))[0]?.subject).toMatch(/tried to create/);
    // The sign-up cookie has the same shape either way.
    expect((await signUpCookie(null)).value.length).toBe((await signUpCookie(crypto.randomUUID())).value.length);
  });
});

describe("a pending sign-up does not block the address's owner", () => {
  it("signing up again replaces the unverified account and its workspace; only the newest link works, with the newest password", async () => {
    const squatter = input("taken@verify.test", "squatter passphrase one");
    const first = await signUp(squatter, client);
    const squatterToken = await linkTokenFor(squatter.email);
    const squatterWorkspace = await db().membership.findFirstOrThrow({ where: { userId: first.pendingUserId! }, select: { workspaceId: true } });

    const owner = input("taken@verify.test", "the real owner's passphrase");
    const second = await signUp(owner, client);
    expect(second.pendingUserId).not.toBeNull();
    expect(second.pendingUserId).not.toBe(first.pendingUserId);
    expect(await db().user.findUnique({ where: { id: first.pendingUserId! } })).toBeNull();
    expect(await db().workspace.findUnique({ where: { id: squatterWorkspace.workspaceId } })).toBeNull();
    expect(await openVerification(squatterToken)).toBeNull();

    const done = await completeVerification(await linkTokenFor(owner.email), { signedUpHere: true }, client);
    expect(done.workspace.name).toBe(owner.workspaceName);
    expect(await authError(authenticate(owner.email, squatter.password, client))).toBe("invalid_credentials");
    expect((await authenticate(owner.email, owner.password, client)).user.id).toBe(second.pendingUserId);
  });

  it("an invitation to the address replaces a pending sign-up, verifies the address and can sign the invitee in", async () => {
    const owner = await createUser("boss@inviting.test", { workspaceSlug: "inviting" });
    await signUp(input("invitee@verify.test", "squatter passphrase two"), client);
    await createInvitation(await contextOf(owner, "inviting"), "invitee@verify.test", "agent");
    const token = (await outboxFor("invitee@verify.test", 1))[0]!.text.match(/token=([A-Za-z0-9_-]+)/)![1]!;
    expect((await openInvitation(token))?.hasAccount).toBe(false);
    const { user, workspace } = await acceptWithNewAccount(token, { name: "Invitee", password: "invitee's own passphrase" }, client);
    expect(workspace.slug).toBe("inviting");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect(await db().user.count({ where: { email: "invitee@verify.test" } })).toBe(1);
    const { cookies } = await signInBrowser(user, client, {}, "invitation");
    expect((await resolveSession(cookies.find((c) => c.name === cookieNames().session)!.value))?.user.id).toBe(user.id);
  });

  it("'send the link again' renews a pending sign-up's link, says nothing about other addresses, and is limited per address", async () => {
    const signup = input("again@verify.test");
    await signUp(signup, client);
    const old = await linkTokenFor(signup.email);
    expect(await resendVerification(signup.email, client)).toBe(true);
    const fresh = await linkTokenFor(signup.email);
    expect(fresh).not.toBe(old);
    expect(await openVerification(old)).toBeNull();
    expect(await openVerification(fresh)).not.toBeNull();
    expect(await resendVerification("nobody@verify.test", client)).toBe(true);
    expect(await outboxFor("nobody@verify.test")).toHaveLength(0);
    expect(await resendVerification(signup.email, client)).toBe(true);
    expect(await resendVerification(signup.email, client)).toBe(true);
    expect(await resendVerification(signup.email, client)).toBe(false);
  });
});
