import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticationOptions } from "@/lib/auth/mfa/passkey-options";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { staffContextOf, type StaffContext } from "@/lib/operator/context";
import { authenticateStaff, upsertStaffAccount } from "@/lib/operator/staff-auth";
import { addStaffPasskey, listStaffPasskeys, removeStaffPasskey, staffRegistrationOptions } from "@/lib/operator/staff-passkeys";
import { currentCode } from "@/lib/operator/totp";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { client } from "../support/users";

const ORIGIN = "http://localhost:3000";
const PASSWORD = "amber kestrel lantern 9";
let database: TestDatabase;
let clock = Date.now();
/** Each TOTP sign-in needs a step of its own, each passkey sign-in a challenge after the last use. */
const later = () => new Date((clock += 60_000));

beforeAll(async () => {
  await useTestEnv({ APP_URL: ORIGIN });
  database = await createTestDatabase();
});
afterAll(async () => database.close());

function requirePasskey(on: boolean) {
  process.env.OPERATOR_REQUIRE_PASSKEY = on ? "true" : "false";
  resetConfigForTests();
}

async function newStaff(email: string) {
  const created = await upsertStaffAccount({ email, name: "Ops", password: PASSWORD });
  const ctx: StaffContext = staffContextOf({ id: created.id, email, name: "Ops" }, client);
  return { ctx, secret: created.totp.secret };
}

async function addPasskey(ctx: StaffContext, auth = new SoftAuthenticator(ORIGIN)) {
  const { options, sealed } = await staffRegistrationOptions(ctx);
  await addStaffPasskey(ctx, auth.register(options), "Ops laptop", sealed);
  return auth;
}

async function passkeySecond(auth: SoftAuthenticator, at: Date) {
  const { options, sealed } = await authenticationOptions("staff_sign_in");
  return { passkey: auth.assert(options), challenge: sealed, at };
}

describe("staff passkeys", () => {
  it("are added from the console, audited in the platform chain, and sign in in place of the code", async () => {
    requirePasskey(false);
    const { ctx } = await newStaff("ops1@platform.test");
    const auth = await addPasskey(ctx);
    expect(await listStaffPasskeys(ctx)).toMatchObject([{ name: "Ops laptop", lastUsedAt: null }]);
    expect(await db().auditLog.count({ where: { action: "staff.passkey_added", workspaceId: null, actorId: ctx.staff.id } })).toBe(1);
    const second = await passkeySecond(auth, new Date());
    await expect(authenticateStaff("ops1@platform.test", PASSWORD, second, client)).resolves.toMatchObject({ ok: true });
    // The same assertion and challenge again: spent.
    await expect(authenticateStaff("ops1@platform.test", PASSWORD, second, client)).resolves.toMatchObject({ ok: false, reason: "invalid_credentials" });
  });

  it("a passkey of another staff account, or a member's sign-in challenge, is refused", async () => {
    requirePasskey(false);
    const { ctx: mine } = await newStaff("ops2@platform.test");
    const { ctx: theirs } = await newStaff("ops3@platform.test");
    await addPasskey(mine);
    const theirAuth = await addPasskey(theirs);
    const passkeyFailures = async () => (await db().securityEvent.findMany({ where: { type: "staff_sign_in_failed" } })).filter((e) => (e.details as { factor?: string }).factor === "passkey").length;
    const before = await passkeyFailures();
    await expect(authenticateStaff("ops2@platform.test", PASSWORD, await passkeySecond(theirAuth, new Date()), client)).resolves.toMatchObject({ ok: false });
    const member = await authenticationOptions("sign_in");
    await expect(authenticateStaff("ops3@platform.test", PASSWORD, { passkey: theirAuth.assert(member.options), challenge: member.sealed }, client)).resolves.toMatchObject({ ok: false });
    expect((await passkeyFailures()) - before).toBe(2);
  });
});

describe("with OPERATOR_REQUIRE_PASSKEY=true", () => {
  it("a right TOTP code no longer signs in; a passkey does", async () => {
    requirePasskey(false);
    const { ctx, secret } = await newStaff("ops4@platform.test");
    const auth = await addPasskey(ctx);
    requirePasskey(true);
    const at = later();
    await expect(authenticateStaff("ops4@platform.test", PASSWORD, currentCode(secret, at.getTime()), client, at)).resolves.toMatchObject({ ok: false, reason: "invalid_credentials" });
    await expect(authenticateStaff("ops4@platform.test", PASSWORD, await passkeySecond(auth, new Date()), client)).resolves.toMatchObject({ ok: true });
    // The last passkey cannot be removed while the console requires one.
    const [only] = await listStaffPasskeys(ctx);
    await expect(removeStaffPasskey(ctx, only!.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("an account without a passkey is refused with its own reason, after a right password only", async () => {
    requirePasskey(true);
    const { secret } = await newStaff("ops5@platform.test");
    const at = later();
    await expect(authenticateStaff("ops5@platform.test", PASSWORD, currentCode(secret, at.getTime()), client, at)).resolves.toMatchObject({ ok: false, reason: "passkey_missing" });
    await expect(authenticateStaff("ops5@platform.test", "not the password at all", currentCode(secret, at.getTime()), client, at)).resolves.toMatchObject({ ok: false, reason: "invalid_credentials" });
    requirePasskey(false);
  });
});
